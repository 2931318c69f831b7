#!/usr/bin/env python3
"""make bench: the service side by side with the Docker engine's own API, in one run, as ratios.

Each figure is measured several times (runs) and reported as the median. The same work is done on both sides,
through the same HTTP client code. --smoke runs every measurement once with tiny counts, so that `make test` keeps
this script from rotting; its figures mean nothing."""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (RUN_LABEL, ROOT, TEST_IMAGE, ClusterProcess, Engine, Service, ServiceProcess,  # noqa: E402
                 median, percentile)
from cpu import Meter, Totals  # noqa: E402 (CPU per operation from /proc, issue 26)
import proxy_bench  # noqa: E402 (the app proxy's figures, issue 23)

# A process that exits on SIGTERM at once (the shell's wait is interrupted by the trapped signal).
EXITS_ON_TERM = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
# PID 1 without a handler ignores SIGTERM: a stop lasts its whole grace period.
IGNORES_TERM = ["sleep", "3600"]
# Prints the host's uptime (the kernel's clock, shared with the container) five times a second.
UPTIME_PRINTER = ["sh", "-c", "while true; do read up idle < /proc/uptime; echo $up; sleep 0.2; done"]


def _uptime():
    with open("/proc/uptime") as uptime:
        return float(uptime.read().split()[0])


def _latencies(lines, count):
    """Seconds from each printed uptime to its arrival; the first line (possibly old) is skipped."""
    result = []
    for index, line in enumerate(lines):
        arrived = _uptime()
        if index > 0:
            result.append(max(0.0, arrived - float(line)))
        if len(result) >= count:
            break
    return result


def _first_line(stream):
    try:
        return stream.next_line() is not None
    except OSError:
        return False


# The bench measures throughput with hundreds of containers per user and many users from loopback: no limits.
NO_LIMITS = {"LIMITS_CONTAINERS": "0", "LIMITS_RUNNING_CONTAINERS": "0", "LIMITS_UNFINISHED_JOBS": "0",
             "LIMITS_CREATIONS_PER_MINUTE": "0",
             # counted (its upsert is part of what start, stop and exec cost), never reached
             "LIMITS_OPERATIONS_PER_MINUTE": "1000000",
             "LIMITS_REQUESTS_PER_SECOND": "1000000", "LIMITS_REQUEST_BURST": "1000000",
             "AUTH_REGISTRATIONS_PER_HOUR": "0",
             # 100 followers of one user's container: past the per-user limit on follows (8 by default)
             "LOGS_MAX_FOLLOWS_PER_USER": "200",
             **proxy_bench.PROXY_ENV}


class Bench:
    def __init__(self, args):
        self.args = args
        self.engine = Engine()
        self.figures = []
        self.label = None
        self.meter = Meter()

    def cpu_figure(self, key, name, service_side, engine_side, target=None, extra=""):
        """CPU per operation beside a latency figure: the service's JVM and its PostgreSQL, the engine's (dockerd +
        containerd) while the service did it, and the engine's own for the same work asked directly. The value is
        (JVM + PostgreSQL) / the engine's own; without a target it is reported, not judged."""
        jvm, database = service_side.per_operation("service"), service_side.per_operation("database")
        engine_through, engine_own = service_side.per_operation("engine"), engine_side.per_operation("engine")
        if jvm is None or not engine_own:
            return
        ours = jvm + (database or 0)
        ratio = ours / engine_own
        parts = [f"service JVM {jvm:.2f} ms", f"its PostgreSQL {database:.2f} ms" if database is not None
                 else "its PostgreSQL not measured (not the embedded one)",
                 f"engine {engine_through:.2f} ms through the service, {engine_own:.2f} ms on its own"]
        self.figure(key, name, ratio, "x", f"<= {target:.2f}" if target else "report",
                    ratio <= target if target else True,
                    "; ".join(parts) + f" per operation, from /proc ({service_side.operations} through the service, "
                    f"{engine_side.operations} direct){extra}")

    def figure(self, key, name, value, unit, target, passed, detail):
        self.figures.append({"key": key, "figure": name, "value": round(value, 4), "unit": unit,
                             "target": target, "pass": passed, "detail": detail})
        print(f"{name}: {value:.4g} {unit} (target {target}) {'ok' if passed else 'MISSED'} - {detail}", flush=True)

    # --- helpers -----------------------------------------------------------------------------------------------
    def create_via_service(self, token, cmd, count=1, submit_times=None, parallel=1):
        """submit_times: a list that receives each submission's answer time (seconds); parallel: submissions sent at
        once, by that many client threads (as many as the engine's parallel creates they are compared with)."""

        def submit(_):
            started = time.perf_counter()
            status, body = self.service.call("POST", "/containers", {"image": TEST_IMAGE, "cmd": cmd}, token)
            if submit_times is not None:
                submit_times.append(time.perf_counter() - started)
            assert status == 200, (status, body)
            return body["job_id"]

        if parallel == 1:
            jobs = [submit(i) for i in range(count)]
        else:
            with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
                jobs = list(pool.map(submit, range(count)))
        finished = self.service.await_jobs(token, jobs)
        failed = [job for job in finished.values() if job["status"] != "completed"]
        assert not failed, failed[:3]
        return [finished[job]["result"]["container_id"] for job in jobs]

    def engine_creates(self, count, parallel, network=None):
        """count creates straight at the engine, `parallel` at a time; returns (seconds, ids)."""
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
            ids = list(pool.map(lambda _: self.engine.create(TEST_IMAGE, ["true"], self.engine_labels(),
                                                             network=network), range(count)))
        return time.perf_counter() - started, ids

    def engine_network(self, service_cid):
        """The engine's side of a figure puts its containers on a network like the service's container's (its
        user's), so that both ask the engine for the same work."""
        return self.engine.network_like(service_cid, {RUN_LABEL: self.label})

    def engine_labels(self):
        return {RUN_LABEL: self.label, "container-manager.bench-direct": "true"}

    def warm_up(self, token):
        """A service in use has its hot paths compiled; a fresh JVM has not (its first thousands of requests take
        about three times as long on two cores). Untimed, before any figure: reads, lifecycle requests that the
        engine answers at once (start of a running container: 304), and a few real cycles."""
        cid = self.create_via_service(token, EXITS_ON_TERM)[0]
        job_id = self.service.call("POST", "/containers", {"image": TEST_IMAGE, "cmd": ["true"]}, token)[1]["job_id"]
        self.service.await_jobs(token, [job_id])
        assert self.service.call("PATCH", f"/containers/{cid}/start", token=token)[0] == 200

        def reads(_):
            for _ in range(1000):
                self.service.call("GET", f"/jobs/{job_id}", token=token)
                self.service.call("PATCH", f"/containers/{cid}/start", token=token)

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(reads, range(4)))
        assert self.service.call("PATCH", f"/containers/{cid}/stop", token=token)[0] == 200
        for _ in range(20):
            self.service.call("PATCH", f"/containers/{cid}/start", token=token)
            self.service.call("PATCH", f"/containers/{cid}/stop", token=token)
        assert self.service.call("DELETE", f"/containers/{cid}", token=token)[0] == 200

    # --- figures -----------------------------------------------------------------------------------------------
    def start_stop_cycle(self, token, key="start_stop_ratio", name="start+stop cycle, service / engine",
                         target=1.03, warmup=None, cluster=False):
        """warmup: untimed cycles first, so that the JIT has compiled the path (a fresh cluster's instances each see
        only their share of the requests, so it warms them longer)."""
        cycles, runs = (2, 1) if self.args.smoke else (10, 5)
        service_id = self.create_via_service(token, EXITS_ON_TERM)[0]
        engine_id = self.engine.create(TEST_IMAGE, EXITS_ON_TERM, self.engine_labels(),
                                       network=self.engine_network(service_id))

        cpu = {name: Totals(self.meter) for name in ("service start", "service stop", "engine start", "engine stop")}

        def timed(operation):
            started = time.perf_counter()
            operation()
            return time.perf_counter() - started

        def service_call(action):
            assert self.service.call("PATCH", f"/containers/{service_id}/{action}", token=token)[0] == 200

        def service_cycle(measured=True):
            # Each call timed on its own, so that reading /proc between them stays out of the cycle's time.
            if not measured:
                return timed(lambda: service_call("start")) + timed(lambda: service_call("stop"))
            return (cpu["service start"].measure(lambda: timed(lambda: service_call("start")))
                    + cpu["service stop"].measure(lambda: timed(lambda: service_call("stop"))))

        def engine_cycle(measured=True):
            if not measured:
                return timed(lambda: self.engine.start(engine_id)) + timed(lambda: self.engine.stop(engine_id))
            return (cpu["engine start"].measure(lambda: timed(lambda: self.engine.start(engine_id)))
                    + cpu["engine stop"].measure(lambda: timed(lambda: self.engine.stop(engine_id))))

        if warmup is None:
            warmup = 0 if self.args.smoke else 10
        for _ in range(warmup):
            service_cycle(False)
            engine_cycle(False)
        ratios, service_medians, engine_medians = [], [], []
        for _ in range(runs):
            # Interleaved, so that a noisy moment of the machine hits both sides alike.
            service_times, engine_times = [], []
            for _ in range(cycles):
                service_times.append(service_cycle())
                engine_times.append(engine_cycle())
            service_medians.append(median(service_times))
            engine_medians.append(median(engine_times))
            ratios.append(service_medians[-1] / engine_medians[-1])
        ratio = median(ratios)
        self.figure(key, name, ratio, "x", f"<= {target:.2f}", ratio <= target,
                    f"median cycle {median(service_medians) * 1000:.1f} ms vs {median(engine_medians) * 1000:.1f} ms, "
                    f"{runs} runs of {cycles} cycles")
        for action in ("start", "stop"):
            self.cpu_figure(key.replace("start_stop_ratio", f"{action}_cpu_ratio"),
                            f"CPU per {action} (of the cycles above), service JVM{'s' if cluster else ''} + "
                            "PostgreSQL / engine's own", cpu[f"service {action}"], cpu[f"engine {action}"])

    def creations(self, token):
        """The engine's baseline is its best: the faster of 4- and 8-way parallel creates (it does not serialise
        them); its sequential creates are shown beside it for reference. The service is sent its 100 by 8 client
        threads, and its submissions are timed meanwhile (submit p50). The CPU of the service's JVM, its PostgreSQL
        and the engine while it makes them, against the engine's own 8-way creates, is the creation CPU figure."""
        count, runs = (3, 1) if self.args.smoke else (100, 3)
        ratios, service_times, parallel_times, sequential_times, submits = [], [], [], [], []
        service_cpu, engine_cpu = Totals(self.meter), Totals(self.meter)
        # A service runs warm: the JIT has compiled this path long before. Untimed rounds first, as for wrk: on two
        # cores the JIT's compiler threads take about half the service's CPU for the first few hundred creations.
        network = None
        for _ in range(1 if self.args.smoke else 3):
            for cid in self.create_via_service(token, ["true"], count):
                network = network or self.engine_network(cid)
                assert self.service.call("DELETE", f"/containers/{cid}", token=token)[0] == 200
        for _ in range(runs):
            started = time.perf_counter()
            ids = service_cpu.measure(lambda: self.create_via_service(token, ["true"], count, submits, parallel=8),
                                      count)
            service_times.append(time.perf_counter() - started)
            best = None
            for parallel in (4, 8, 1):
                if parallel == 8:  # the engine's own CPU per creation: from the run the figure compares
                    seconds, direct = engine_cpu.measure(lambda: self.engine_creates(count, parallel, network), count)
                else:
                    seconds, direct = self.engine_creates(count, parallel, network)
                if parallel == 1:
                    sequential_times.append(seconds)
                else:
                    best = seconds if best is None else min(best, seconds)
                for cid in direct:
                    self.engine.remove(cid)
            parallel_times.append(best)
            ratios.append(service_times[-1] / best)
            for cid in ids:
                assert self.service.call("DELETE", f"/containers/{cid}", token=token)[0] == 200
        ratio = median(ratios)
        self.figure("creation_ratio",
                    f"{count} creations by 8 clients, submit to all completed, service / engine's best of 4- and "
                    "8-way creates", ratio, "x", "<= 1.60", ratio <= 1.6,
                    f"median {median(service_times):.2f} s vs {median(parallel_times):.2f} s parallel; "
                    f"sequential engine creates {median(sequential_times):.2f} s "
                    f"(service / sequential {median(service_times) / median(sequential_times):.2f} x); {runs} runs")
        self.cpu_figure("creation_cpu_ratio", "CPU per creation (of the runs above), service JVM + its PostgreSQL / "
                        "engine's own (8-way creates)", service_cpu, engine_cpu, target=0.5,
                        extra="; submit to completed, the client's polls of the jobs included")
        # One creation at a time, as a user makes one: its POST timed, then its job awaited (untimed).
        single = []
        for _ in range(3 if self.args.smoke else 50):
            self.create_via_service(token, ["true"], 1, single)
        p50, p99 = percentile(single, 0.5) * 1000, percentile(single, 0.99) * 1000
        self.figure("submit_p50", "submit of one creation (POST /containers answered), p50", p50, "ms", "<= 3",
                    p50 <= 3, f"p99 {p99:.1f} ms, {len(single)} creations one at a time; during the 8-way runs "
                    f"above: p50 {percentile(submits, 0.5) * 1000:.1f} ms, "
                    f"p99 {percentile(submits, 0.99) * 1000:.1f} ms")

    def listing(self, user_id, token, other_token):
        own, others, samples = (3, 3, 5) if self.args.smoke else (1000, 1000, 30)
        small = max(1, own // 4)
        self.create_via_service(token, ["true"], small)
        at_small = self._list_ratio(user_id, token, samples)
        self.create_via_service(token, ["true"], own - small)
        self.create_via_service(other_token, ["true"], others)
        at_full = self._list_ratio(user_id, token, samples)
        self.figure("list_ratio", f"GET /containers with {own} own (among {own + others}), service / engine's "
                    "label-filtered list", at_full[0], "x", "<= 1.3", at_full[0] <= 1.3,
                    f"median {at_full[1] * 1000:.1f} ms vs {at_full[2] * 1000:.1f} ms; with {small} own: "
                    f"ratio {at_small[0]:.2f} ({at_small[1] * 1000:.1f} ms vs {at_small[2] * 1000:.1f} ms)")
        self.cpu_figure("list_cpu_ratio", f"CPU per GET /containers with {own} own (of the runs above), service JVM "
                        "+ its PostgreSQL / engine's own list", at_full[3], at_full[4])

    def _list_ratio(self, user_id, token, samples):
        service_times, engine_times = [], []
        service_cpu, engine_cpu = Totals(self.meter), Totals(self.meter)

        def service_list():
            started = time.perf_counter()
            status, body = self.service.call("GET", "/containers", token=token)
            service_times.append(time.perf_counter() - started)
            assert status == 200

        def engine_list():
            started = time.perf_counter()
            self.engine.list_by_label("container-manager.owner", user_id)
            engine_times.append(time.perf_counter() - started)

        for _ in range(samples):
            service_cpu.measure(service_list)
            engine_cpu.measure(engine_list)
        return (median(service_times) / median(engine_times), median(service_times), median(engine_times),
                service_cpu, engine_cpu)

    def job_reads(self, token):
        if not shutil.which("wrk"):
            self.figure("jobs_rps", "GET /jobs/{id}, 32 connections", 0, "req/s", ">= 5000, p99 <= 20 ms", False,
                        "wrk is not installed (apt-get install wrk)")
            return
        job_id = self.service.call("POST", "/containers", {"image": TEST_IMAGE, "cmd": ["true"]}, token)[1]["job_id"]
        self.service.await_jobs(token, [job_id])
        duration, connections = ("2s", 8) if self.args.smoke else ("10s", 32)
        # The JIT needs a few seconds of this path before it runs at speed; that warm-up is not measured.
        subprocess.run(["wrk", "-t2", f"-c{connections}", "-d1s" if self.args.smoke else "-d20s",
                        "-H", f"Authorization: Bearer {token}", f"{self.service.base_url}/jobs/{job_id}"],
                       capture_output=True, check=True)
        results, cpu = [], Totals(self.meter)
        for _ in range(1 if self.args.smoke else 3):
            before = self.meter.read()
            output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency",
                                     "-H", f"Authorization: Bearer {token}", f"{self.service.base_url}/jobs/{job_id}"],
                                    capture_output=True, text=True, check=True).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
            p99 = _wrk_latency_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
            assert non2xx is None, output
            cpu.add(before, self.meter.read(), int(re.search(r"(\d+) requests in", output).group(1)))
            results.append((rps, p99))
        rps, p99 = median([r[0] for r in results]), median([r[1] for r in results])
        jvm, database = cpu.per_operation("service"), cpu.per_operation("database")
        spent = (f"; CPU per request: service JVM {jvm * 1000:.0f} us, its PostgreSQL {database * 1000:.0f} us "
                 "(from /proc, wrk's own CPU not counted)") if jvm is not None and database is not None else ""
        self.figure("jobs_rps", f"GET /jobs/{{id}}, {connections} connections (wrk)", rps, "req/s",
                    ">= 10000, p99 <= 20 ms", rps >= 10000 and p99 <= 20,
                    f"p99 {p99:.1f} ms, {len(results)} runs{spent}")

    def concurrent_stops(self, token, key="concurrent_stops", where="", metrics_from=None):
        """metrics_from: the services whose engine-call metrics add up to the truth (every instance of a cluster)."""
        metrics_from = metrics_from or [self.service]

        def engine_metric(name):
            return sum(service.metric(name, operation="stop") for service in metrics_from)

        count = 10 if self.args.smoke else 100
        grace = 2
        cid = self.create_via_service(token, IGNORES_TERM)[0]
        assert self.service.call("PATCH", f"/containers/{cid}/start", token=token)[0] == 200
        stops_before = engine_metric("cm_engine_calls_seconds_count")
        seconds_before = engine_metric("cm_engine_calls_seconds_sum")
        barrier = threading.Barrier(count)
        clients = [Service(self.service.base_url) for _ in range(count)]
        for client in clients:  # connections open before the barrier: the requests leave together
            client.call("GET", "/actuator/health")

        def stop(client):
            barrier.wait()
            started = time.perf_counter()
            status, _ = client.call("PATCH", f"/containers/{cid}/stop?timeout={grace}", token=token)
            return status, time.perf_counter() - started

        with concurrent.futures.ThreadPoolExecutor(count) as pool:
            answers = list(pool.map(stop, clients))
        engine_stops = engine_metric("cm_engine_calls_seconds_count") - stops_before
        stop_duration = engine_metric("cm_engine_calls_seconds_sum") - seconds_before
        slowest = max(latency for _, latency in answers)
        statuses = sorted({status for status, _ in answers})
        passed = engine_stops == 1 and statuses == [200] and slowest <= stop_duration + 0.050
        self.figure(key, f"{count} concurrent identical stops{where}", engine_stops, "engine calls",
                    "exactly 1; every answer within the stop + 50 ms", passed,
                    f"statuses {statuses}; slowest answer {slowest * 1000:.0f} ms, the engine's stop "
                    f"{stop_duration * 1000:.0f} ms (grace {grace} s)")

    # --- logs, exec (issue 13) ---------------------------------------------------------------------------------
    def follow_latency(self, token):
        """A line written in the container reaches a following client: the container prints its own clock (the
        host's /proc/uptime, 10 ms resolution), the client compares it with the same clock when the line arrives.
        The engine's own follow of the same container, at the same time, is the reference."""
        lines = 5 if self.args.smoke else 60
        cid = self.create_via_service(token, UPTIME_PRINTER)[0]
        assert self.service.call("PATCH", f"/containers/{cid}/start", token=token)[0] == 200
        service_latencies, engine_latencies = [], []
        followers = [
            threading.Thread(target=lambda: service_latencies.extend(
                _latencies(self.service.follow_lines(cid, token), lines)), daemon=True),
            threading.Thread(target=lambda: engine_latencies.extend(
                _latencies(self.engine.follow_lines(cid), lines)), daemon=True)]
        for follower in followers:
            follower.start()
        for follower in followers:
            follower.join(timeout=120)
        self.service.call("DELETE", f"/containers/{cid}", token=token)
        value = median(service_latencies) * 1000
        self.figure("log_follow_latency_ms", "log follow latency, line written to client (median)", value, "ms",
                    "<= 100", value <= 100,
                    f"{len(service_latencies)} lines; the engine's own follow: median "
                    f"{median(engine_latencies) * 1000:.0f} ms (the clock has a 10 ms resolution: 0 means under 10 ms)")

    def concurrent_followers(self, token, process):
        count = 10 if self.args.smoke else 100
        cid = self.create_via_service(token, UPTIME_PRINTER)[0]
        assert self.service.call("PATCH", f"/containers/{cid}/start", token=token)[0] == 200
        threads_before, rss_before = process.threads() if process else 0, process.rss_mb() if process else 0
        streams = [self.service.open_follow(cid, token) for _ in range(count)]
        received = [_first_line(stream) for stream in streams]
        threads_after, rss_after = process.threads() if process else 0, process.rss_mb() if process else 0
        for stream in streams:
            stream.close()
        self.service.call("DELETE", f"/containers/{cid}", token=token)
        added = threads_after - threads_before
        passed = all(received) and added <= 10 and rss_after - rss_before <= 64
        self.figure("followers_threads_added", f"{count} concurrent log followers: platform threads added", added,
                    "threads", "<= 10, RSS +<= 64 MB, all served", passed,
                    f"{sum(1 for r in received if r)}/{count} followers got lines; threads {threads_before} -> "
                    f"{threads_after}, RSS {rss_before:.0f} -> {rss_after:.0f} MB")

    def exec_round_trip(self, token):
        runs = 3 if self.args.smoke else 30
        cid = self.create_via_service(token, IGNORES_TERM)[0]
        assert self.service.call("PATCH", f"/containers/{cid}/start", token=token)[0] == 200
        service_times, engine_times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            status, body = self.service.call("POST", f"/containers/{cid}/exec", {"cmd": ["true"]}, token)
            service_times.append(time.perf_counter() - started)
            assert status == 200 and body["exit_code"] == 0, (status, body)
            started = time.perf_counter()
            assert self.engine.exec(cid, ["true"]) == 0
            engine_times.append(time.perf_counter() - started)
        self.service.call("DELETE", f"/containers/{cid}", token=token)
        ratio = median(service_times) / median(engine_times)
        self.figure("exec_ratio", "exec round trip, service / engine's own exec (create, start, inspect)", ratio,
                    "x", "<= 1.2", ratio <= 1.2,
                    f"median {median(service_times) * 1000:.1f} ms vs {median(engine_times) * 1000:.1f} ms, "
                    f"{runs} runs")

    def fairness(self):
        """User B's job latency (submit to completed) with user A's backlog queued ahead, over B's on an idle queue."""
        backlog, runs = (5, 1) if self.args.smoke else (100, 3)
        _, a = self.service.new_user("fair-a")
        _, b = self.service.new_user("fair-b")
        client = Service(self.service.base_url)
        body = {"image": TEST_IMAGE, "cmd": ["true"]}

        def latency():
            started = time.perf_counter()
            status, job = client.call("POST", "/containers", body, b)
            assert status == 200, (status, job)
            while True:
                status, state = client.call("GET", f"/jobs/{job['job_id']}", token=b)
                if status == 200 and state["status"] in ("completed", "failed"):
                    assert state["status"] == "completed", state
                    return time.perf_counter() - started, state
                time.sleep(0.005)

        def submit_a(_):
            status, accepted = Service(self.service.base_url).call("POST", "/containers", body, a)
            assert status == 200, (status, accepted)
            return accepted["job_id"]

        idle = [latency()[0] for _ in range(runs)]
        loaded, ahead = [], []
        for _ in range(runs):
            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                queued = list(pool.map(submit_a, range(backlog)))
            seconds, b_job = latency()
            loaded.append(seconds)
            done = self.service.await_jobs(a, queued)
            # A's jobs that were not finished when B's was submitted (by the server's clock).
            submitted = datetime.fromisoformat(b_job["created_at"])
            ahead.append(sum(1 for job in done.values() if datetime.fromisoformat(job["updated_at"]) > submitted))
            for job in done.values():
                self.service.call("DELETE", f"/containers/{job['result']['container_id']}", token=a)
        for cid in [c["id"] for c in self.service.call("GET", "/containers?limit=500", token=b)[1]]:
            self.service.call("DELETE", f"/containers/{cid}", token=b)
        ratio = median(loaded) / median(idle)
        self.figure("fairness_ratio", f"B's job latency behind A's {backlog}-job backlog / on an idle queue", ratio,
                    "x", "<= 3", ratio <= 3,
                    f"median {median(loaded) * 1000:.0f} ms vs {median(idle) * 1000:.0f} ms; A's jobs still "
                    f"queued when B submitted: {', '.join(str(n) for n in ahead)}; {runs} runs")

    def memory(self, process):
        peak = max((rss for _, rss in process.rss_samples), default=0)
        self.figure("rss_mb", "resident memory of the service (peak during the run)", peak, "MB", "<= 400",
                    peak <= 400, f"{len(process.rss_samples)} samples, JVM options as make run")

    def startup(self, process):
        restarts = 1 if self.args.smoke else 5
        times = []
        for _ in range(restarts):
            process.stop()
            times.append(process.start())
        value = median(times)
        self.figure("startup_s", "make run to ready (health UP), PostgreSQL initialised", value, "s", "<= 5",
                    value <= 5, f"median of {restarts} restarts: {', '.join(f'{t:.2f}' for t in times)} s")

    def cluster(self):
        """The same figures through HAProxy in front of make cluster: n instances on one PostgreSQL."""
        n = 2 if self.args.smoke else 3
        cluster = ClusterProcess(n, self.label, env=NO_LIMITS)
        single, single_meter = getattr(self, "service", None), self.meter
        try:
            cluster.start()
            self.service = Service(cluster.url)
            # make cluster's PostgreSQL may keep its data outside the cluster's folder; its port is its own.
            self.meter = Meter(cluster.jvm_pids(), f"-p {cluster.db_port} ")
            _, token = self.service.new_user("bench-cluster")
            if not self.args.smoke:
                self.warm_up(token)  # the same warm-up as the single instance, spread over the instances by HAProxy
            self.start_stop_cycle(token, "cluster_start_stop_ratio",
                                  f"start+stop cycle through HAProxy, {n} instances / engine", 1.10,
                                  warmup=n if self.args.smoke else 10 * n, cluster=True)
            self.concurrent_stops(token, "cluster_concurrent_stops", f" through HAProxy, {n} instances",
                                  cluster.instances())
        finally:
            self.service, self.meter = single, single_meter
            cluster.stop()

    def dashboard(self):
        """Not measured here: reported from the last run of the dashboard's end-to-end test (DashboardScaleIT), which
        needs a browser and the test set-up; make test writes target/dashboard-metrics.json."""
        path = os.path.join(ROOT, "target", "dashboard-metrics.json")
        if not os.path.exists(path):
            print("dashboard: no target/dashboard-metrics.json yet (make test writes it)", flush=True)
            return
        with open(path) as f:
            m = json.load(f)
        tti, runs = m["time_to_interactive_ms"], m["time_to_interactive_runs_ms"]
        target = m["time_to_interactive_target_ms"]
        self.figure("dashboard_tti_ms",
                    f"dashboard: navigation to an interactive list of {m['containers']} containers (headless Chromium)",
                    tti, "ms", f"< {target}", tti < target,
                    f"median of {len(runs)} cold-cache loads ({', '.join(f'{r:.0f}' for r in runs)} ms); filtering "
                    f"them {m['filter_ms']:.0f} ms; DashboardScaleIT, {m['date'][:19]}Z")
        size, budget = m["all_assets_compressed_bytes"] / 1024, m["budget_bytes"] / 1024
        self.figure("dashboard_kb", "dashboard: every asset it can load, gzip as served", size, "KB",
                    f"<= {budget:.0f}", size <= budget,
                    "the first load of the container list transfers "
                    f"{m['initial_load_transferred_bytes'] / 1024:.1f} KB "
                    f"(xterm.js only when a console opens); DashboardScaleIT, {m['date'][:19]}Z")

    # --- the run -----------------------------------------------------------------------------------------------
    def run(self):
        if self.args.cluster_only:
            self.label = uuid.uuid4().hex
            try:
                self.cluster()
            finally:
                self.engine.remove_labelled(RUN_LABEL, self.label)
            return self.figures
        process = None
        if self.args.url:
            self.service = Service(self.args.url, os.environ.get("BENCH_METRICS_URL"))
            self.label = "external"
        else:
            process = ServiceProcess(env=NO_LIMITS)
            self.label = process.label_value
            process.start()
            self.service = Service(process.url, process.metrics_url)
            self.meter = Meter([process.process.pid], process.data_dir)
        try:
            user_id, token = self.service.new_user("bench")
            _, other_token = self.service.new_user("bench-other")
            if not self.args.smoke:
                self.warm_up(token)
            steps = [("start_stop", lambda: self.start_stop_cycle(token)),
                     ("creations", lambda: self.creations(token)),
                     ("stops", lambda: self.concurrent_stops(token)),
                     ("job_reads", lambda: self.job_reads(token)),
                     ("listing", lambda: self.listing(user_id, token, other_token)),
                     ("follow", lambda: self.follow_latency(token)),
                     ("followers", lambda: self.concurrent_followers(token, process)),
                     ("exec", lambda: self.exec_round_trip(token)),
                     ("fairness", self.fairness),
                     ("proxy", lambda: proxy_bench.measure(self, token, process)),
                     ("dashboard", self.dashboard)]
            if process:
                steps += [("memory", lambda: self.memory(process)), ("startup", lambda: self.startup(process)),
                          ("cluster", self.cluster)]
            for name, step in steps:
                if not self.args.only or name in self.args.only.split(","):
                    step()
        finally:
            if process:
                process.stop()
            self.engine.remove_labelled(RUN_LABEL, self.label)
        return self.figures


def _wrk_latency_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def write_results(figures, out_dir, smoke):
    os.makedirs(out_dir, exist_ok=True)
    meta = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "smoke": smoke,
            "cpus": os.cpu_count(), "engine": Engine().call("GET", "/version")[1].get("Version")}
    with open(os.path.join(out_dir, "latest.json"), "w") as out:
        json.dump({"meta": meta, "figures": figures}, out, indent=2)
        out.write("\n")
    lines = [f"# Benchmark results ({meta['date']}, {meta['cpus']} cores, Docker engine {meta['engine']})", "",
             "Ratios are the service over the Docker engine's own API, measured in the same run; medians of "
             "several runs.", "", "| figure | measured | target | met | how |", "|---|---|---|---|---|"]
    for f in figures:
        lines.append(f"| {f['figure']} | {f['value']:g} {f['unit']} | {f['target']} | "
                     f"{'yes' if f['pass'] else '**no**'} | {f['detail']} |")
    with open(os.path.join(out_dir, "latest.md"), "w") as out:
        out.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("BENCH_URL"), help="use a running service")
    parser.add_argument("--smoke", action="store_true", help="tiny counts, to check the script still works")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    parser.add_argument("--only", help="comma-separated steps to run (start_stop,creations,job_reads,listing,...); "
                        "results then go to target/bench-only")
    parser.add_argument("--cluster-only", action="store_true",
                        help="only the figures through make cluster (results go to target/bench-cluster)")
    args = parser.parse_args()
    figures = Bench(args).run()
    out = os.path.join(ROOT, "target", "bench-smoke") if args.smoke else args.out
    if args.cluster_only:
        out = os.path.join(ROOT, "target", "bench-cluster")
    if args.only:
        out = os.path.join(ROOT, "target", "bench-only")
    write_results(figures, out, args.smoke)
    print(f"results in {out}/latest.md")


if __name__ == "__main__":
    main()
