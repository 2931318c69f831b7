#!/usr/bin/env python3
"""make memory-budget: what each thing that stays open holds in the service's heap, measured. The service runs as
`make run` runs it; for each kind, N are opened by one client each (a log follow of a chatty container read as it
comes, a stats stream, an event stream, an idle console, an exec that printed 2 MiB and sleeps), then a
full collection (jcmd GC.run) and the heap in use is read; bytes each = (heap with N open - heap before) / N.
Writes bench/results/memory-budget.md; README's memory budget table is built from it."""
import base64
import os
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ROOT, RUN_LABEL, TEST_IMAGE, Engine, Service, ServiceProcess  # noqa: E402
from soak_hostile import raw_request  # noqa: E402

CHATTY = "while true; do echo line-of-a-chatty-container-$(date +%s%N); sleep 0.01; done"
BIG = "head -c 1048576 /dev/zero | tr '\\000' o; head -c 1048576 /dev/zero | tr '\\000' e >&2; sleep 20"


def java_pid(process):
    """run.sh execs java, so the process is the JVM (or its only child)."""
    return process.process.pid


def histogram(pid):
    """Bytes per class, live objects only (the histogram collects first)."""
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True).stdout
    sizes = {}
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith(":"):
            sizes[parts[3]] = int(parts[2])
    return sizes


def heap_used(service, pid):
    for _ in range(2):
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=False,
                       env=dict(os.environ, PATH=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin") + ":"
                                + os.environ["PATH"]))
        time.sleep(0.5)
    return service.metric("jvm_memory_used_bytes", area="heap")


class Reader(threading.Thread):
    """Reads a stream as it comes and throws it away, as a live client does."""

    def __init__(self, sock):
        super().__init__(daemon=True)
        self.sock = sock

    def run(self):
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass


def main():
    count = int(os.environ.get("MEMORY_N", "40"))
    engine = Engine()
    process = ServiceProcess(env={"AUTH_REGISTRATIONS_PER_HOUR": "0", "LOGS_MAX_FOLLOWS_PER_USER": "1000",
                                  "STATS_MAX_STREAMS_PER_USER": "1000", "EVENTS_MAX_STREAMS_PER_USER": "1000",
                                  "CONSOLE_MAX_PER_USER": "1000", "EXEC_MAX_PER_USER": "1000",
                                  "EXEC_MAX_RUNNING": "1000", "LIMITS_RUNNING_CONTAINERS": "0",
                                  "LIMITS_OPERATIONS_PER_MINUTE": "0",
                                  "LIMITS_REQUESTS_PER_SECOND": "0"})
    process.start()
    rows = []
    try:
        service = Service(process.url, process.metrics_url)
        pid = java_pid(process)
        user, token = service.new_user("memory")

        def container(cmd):
            status, body = service.call_retrying("POST", "/containers", {"image": TEST_IMAGE, "cmd": cmd}, token)
            job = service.await_jobs(token, [body["job_id"]])[body["job_id"]]
            cid = job["result"]["container_id"]
            service.call("PATCH", f"/containers/{cid}/start", token=token)
            return cid

        chatty = container(["sh", "-c", CHATTY])
        idle = container(["sleep", "3600"])
        # Warm: one of each, so that classes and pools are loaded before the first figure.
        time.sleep(2)

        def measure(name, opener, closer=None):
            before = heap_used(service, pid)
            classes_before = histogram(pid) if os.environ.get("MEMORY_HISTOGRAM") else {}
            opened = [opener(i) for i in range(count)]
            time.sleep(3)
            after = heap_used(service, pid)
            if classes_before:
                classes_after = histogram(pid)
                grown = sorted(((classes_after.get(k, 0) - classes_before.get(k, 0), k) for k in classes_after),
                               reverse=True)[:12]
                for delta, k in grown:
                    print(f"    {delta / count / 1024:8.1f} KiB each  {k}")
            each = (after - before) / count
            rows.append((name, count, each))
            print(f"{name:<28} {count:>4} open: {each / 1024:8.1f} KiB each", flush=True)
            for item in opened:
                (closer or (lambda s: s.close()))(item)
            time.sleep(3)

        def follow(_):
            sock, status = raw_request(process.port, f"/containers/{chatty}/logs?follow=true&tail=100", token)
            assert status.endswith(b"200"), status
            Reader(sock).start()
            return sock

        def stats(_):
            sock, status = raw_request(process.port, f"/containers/{idle}/stats?stream=true", token)
            assert status.endswith(b"200"), status
            Reader(sock).start()
            return sock

        def events(_):
            sock, status = raw_request(process.port, "/events", token)
            assert status.endswith(b"200"), status
            Reader(sock).start()
            return sock

        def console(_):
            status, body = service.call("POST", f"/containers/{idle}/console", {}, token)
            assert status == 200, (status, body)
            key = base64.b64encode(os.urandom(16)).decode()
            sock, head = raw_request(
                process.port, f"/containers/{idle}/console?ticket={urllib.parse.quote(body['ticket'])}", None,
                extra=f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                      "Sec-WebSocket-Version: 13\r\n")
            assert head.endswith(b"101"), head
            Reader(sock).start()
            return sock

        def big_exec(_):
            sock, _ = raw_request(process.port, f"/containers/{idle}/exec", token, method="POST",
                                  body={"cmd": ["sh", "-c", BIG], "timeout_s": 60}, read_status=False)
            return sock

        measure("event stream", events)
        measure("stats stream", stats)
        measure("log follow (chatty)", follow)
        measure("console (idle)", console)
        measure("exec, 2 MiB output held", big_exec)
        rows.append(("heap in use, idle service", 1, heap_used(service, pid)))
    finally:
        process.stop()
        engine.remove_labelled(RUN_LABEL, process.label_value)
    lines = ["# Memory budget, measured", "",
             "`make memory-budget`: heap in use after a full collection, with N open minus before, divided by N; "
             "the service as `make run` runs it.", "", "| what | N | bytes each |", "|---|---|---|"]
    lines += [f"| {name} | {n} | {each:,.0f} |" for name, n, each in rows]
    with open(os.path.join(ROOT, "bench", "results", "memory-budget.md"), "w") as out:
        out.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
