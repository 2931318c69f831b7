"""Where a proxied request's CPU goes (issue 23): the bench's app (busybox httpd on a network without egress, reached
through its relay) loaded by wrk at 32 connections for PROFILE_SECONDS (8), with the CPU of the service's JVM and of
the relay from /proc over the same window, split into user and system time, per request. With PERF=1 it also records
the service's and the relay's stacks with perf (call graphs, kernel included; the JVM's frames named through the
perf map that -XX:+DumpPerfMapAtExit writes), and JFR (settings=profile, its CPU-time sampler on) into
target/app-proxy-profile.jfr. Writes its figures to stdout; `make profile-app-proxy`."""
import json
import os
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import NO_LIMITS  # noqa: E402
from lib import RUN_LABEL, ROOT, Engine, Service, ServiceProcess  # noqa: E402
import proxy_bench  # noqa: E402
from cpu import threads_ms  # noqa: E402

SECONDS = int(os.environ.get("PROFILE_SECONDS", "8"))
PERF = os.environ.get("PERF") == "1"


def _cpu(pid):
    """(user, system) CPU milliseconds of a process so far, its ended threads included."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    return int(fields[11]) * tick, int(fields[12]) * tick


def _relay_pid(engine, cid):
    inspected = engine.call("GET", f"/containers/{cid}/json")[1]
    network = next(iter(inspected["NetworkSettings"]["Networks"]))
    filters = urllib.parse.quote(json.dumps({"label": ["container-manager.relay"], "network": [network]}))
    relay = engine.call("GET", f"/containers/json?filters={filters}")[1][0]
    return engine.call("GET", f"/containers/{relay['Id']}/json")[1]["State"]["Pid"]


class _Bench:
    def __init__(self, service):
        self.service, self.engine = service, Engine()


def main():
    jvm = os.environ.get("RUN_JVM_OPTS", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError")
    if PERF:
        jfr = os.path.join(ROOT, "target", "app-proxy-profile.jfr")
        jvm += (" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer"
                f" -XX:StartFlightRecording=settings=profile,filename={jfr},jdk.CPUTimeSample#enabled=true")
    os.environ["RUN_JVM_OPTS"] = jvm
    process = ServiceProcess(env=NO_LIMITS)
    process.start()
    cids = []
    try:
        bench = _Bench(Service(process.url, process.metrics_url))
        _, token = bench.service.new_user("profile")
        cids.append(proxy_bench._started(bench, token, "web"))
        app = proxy_bench.App(bench.service, token, cids[0], proxy_bench.HTTP_PORT, bench.engine)
        url = f"http://{bench.service.host}:{bench.service.port}/"
        headers = (f"Host: {app.host}", f"Cookie: {app.cookie}")
        relay = _relay_pid(bench.engine, cids[0])
        for _ in range(int(os.environ.get("PROFILE_WARM_UP_SECONDS", "3"))):  # warm-up, 1 s at a time
            proxy_bench._wrk(url, 32, "1s", headers)
            so_far = threads_ms(process.process.pid)
            print("warm-up: CPU so far, ms: " + ", ".join(
                f"{name} {so_far.get(name, 0):.0f}" for name in ("ForkJoinPool", "C2 CompilerThre", "C1 CompilerThre")))
        time.sleep(5)
        perf = None
        if PERF:
            out = os.path.join(ROOT, "target", "app-proxy-perf.data")
            perf = subprocess.Popen(["perf", "record", "-q", "-F", "499", "-g", "-o", out,
                                     "-p", f"{process.process.pid},{relay}"])
            time.sleep(1)
        service_before, relay_before = _cpu(process.process.pid), _cpu(relay)
        threads_before = threads_ms(process.process.pid)
        rps, requests = proxy_bench._wrk(url, 32, f"{SECONDS}s", headers)
        service_after, relay_after = _cpu(process.process.pid), _cpu(relay)
        threads_after = threads_ms(process.process.pid)
        if perf:
            perf.send_signal(2)
            perf.wait()
        print(f"{rps:.0f} req/s through the proxy and the relay, {requests} requests in {SECONDS} s")
        for name, before, after in (("service", service_before, service_after), ("relay", relay_before, relay_after)):
            user, system = ((a - b) / requests for a, b in zip(after, before))
            print(f"{name}: {user + system:.3f} ms CPU per request (user {user:.3f}, system {system:.3f})")
        spent = {name: (threads_after[name] - threads_before.get(name, 0)) / requests for name in threads_after}
        print("the service's threads (ended ones not counted): " + ", ".join(
            f"{name} {ms:.3f} ms" for name, ms in sorted(spent.items(), key=lambda item: -item[1]) if ms >= 0.002))
    finally:
        process.stop()
        Engine().remove_labelled(RUN_LABEL, process.label_value)


if __name__ == "__main__":
    main()
