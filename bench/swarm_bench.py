#!/usr/bin/env python3
"""make bench-swarm: the service on a local three-node swarm (runtime.kind: swarm) against the manager's own engine
API, side by side in one run (issue 27).

A swarm of its own (scripts/swarm.sh up, prefix cmsb-<random>, nodes on SWARM_SUBNET 192.168.230), the service's jar
on it as make swarm runs it (RUNTIME_KIND=swarm, DOCKER_HOST the manager, RUNTIME_SWARM_NODES from swarm.env,
CONTAINERS_NETWORK empty, a free port, a throwaway data folder), then, interleaved, with medians over rounds:

- creation: N creations through the API (each submitted and awaited to its job's completion), one at a time and by
  4 clients (each a user of its own), against as many `POST /services/create` on the manager (replicas 0, the spec
  the adapter sends: the same image, command, limits, labels, an overlay), one at a time and by 4 threads;
- the start+stop cycle: PATCH start, PATCH stop?timeout=1 of a container whose process exits on TERM, against the
  engine's own: a forced update to replicas 1 until its task runs, then replicas 0 (stop grace 1 s) until no task
  runs, on the manager, polled every 20 ms (and, as a third column, every 100 ms as the adapter polls), the engine's
  service pinned to the node the service's container was pinned to;
- the CPU per operation beside each time: the service's JVM and the three node engines' dockerd (from /proc).

Writes bench/results/swarm.md and prints it (--smoke: target/bench-swarm-smoke/swarm.md, a couple of rounds, well
under 2 minutes). The swarm, the service and its data are removed at the end, whatever happened (Ctrl-C too).
Root only (scripts/swarm.sh needs it).

    python3 bench/swarm_bench.py [--smoke] [--rounds N] [--creations N] [--cycles N]
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ROOT, RUN_LABEL, TEST_IMAGE, Engine, Service, ServiceProcess, median  # noqa: E402
from cpu import clock_ms, pids_where  # noqa: E402 (CPU of processes from /proc)

SWARM = os.path.join(ROOT, "scripts", "swarm.sh")
SUBNET = os.environ.get("SWARM_SUBNET", "192.168.230")
# A process that exits on SIGTERM at once (the shell's wait is interrupted by the trapped signal), as bench.py's.
EXITS_ON_TERM = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
# The creations' command (as bench.py's): never started here.
CREATED = ["true"]
# The bench makes a few dozen containers per user from loopback: no limits in the way.
NO_LIMITS = {"LIMITS_CONTAINERS": "0", "LIMITS_RUNNING_CONTAINERS": "0", "LIMITS_UNFINISHED_JOBS": "0",
             "LIMITS_CREATIONS_PER_MINUTE": "0", "LIMITS_OPERATIONS_PER_MINUTE": "1000000",
             "LIMITS_REQUESTS_PER_SECOND": "1000000", "LIMITS_REQUEST_BURST": "1000000",
             "AUTH_REGISTRATIONS_PER_HOUR": "0"}
DONE = {"complete", "failed", "shutdown", "rejected", "orphaned", "remove"}  # SwarmContainerRuntime.TASK_DONE
CLIENTS = 4
ENGINE_POLL = 0.02
ADAPTER_POLL = 0.1  # SwarmContainerRuntime.POLL


class Swarm:
    """scripts/swarm.sh on a prefix of its own; its engines' CPU from /proc."""

    def __init__(self):
        self.prefix = f"cmsb-{uuid.uuid4().hex[:6]}"
        self.dir = f"/run/{self.prefix}"
        self.script_env = dict(os.environ, SWARM_PREFIX=self.prefix, SWARM_SUBNET=SUBNET, SWARM_IMAGES=TEST_IMAGE)
        self.env = {}

    def _script(self, action):
        # A session of its own: a terminal's Ctrl-C reaches this script only, which then takes everything down in order.
        done = subprocess.run([SWARM, action], env=self.script_env, capture_output=True, text=True,
                              start_new_session=True)
        if done.returncode != 0:
            raise RuntimeError(f"scripts/swarm.sh {action} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")

    def up(self):
        self._script("up")
        with open(os.path.join(self.dir, "swarm.env")) as env_file:
            for line in env_file:
                if "=" in line and not line.startswith("#"):
                    key, value = line.strip().split("=", 1)
                    self.env[key] = value
        self.dockerd = pids_where(lambda c: c.startswith("dockerd ") and f"{self.dir}/" in c)
        self.manager_dockerd = pids_where(lambda c: c.startswith("dockerd ") and f"{self.dir}/n1/" in c)
        assert len(self.dockerd) == 3 and len(self.manager_dockerd) == 1, (self.dockerd, self.manager_dockerd)

    def down(self):
        self._script("down")

    def nodes(self):
        count = int(self.env["SWARM_NODES"])
        return ",".join(f"{self.env[f'SWARM_NODE{i}_NAME']}={self.env[f'SWARM_NODE{i}_HOST']}"
                        for i in range(1, count + 1))

    def manager_socket(self):
        return self.env["SWARM_MANAGER_HOST"].removeprefix("unix://")

    def engines_cpu_ms(self):
        return clock_ms(self.dockerd), clock_ms(self.manager_dockerd)


def leftovers(prefix):
    netns = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    left = [f"namespace {line}" for line in netns.splitlines() if line.startswith(prefix + "-")]
    left += [f"process {pid}" for pid in pids_where(lambda c: f"/run/{prefix}/" in c)]
    if os.path.exists(f"/run/{prefix}"):
        left.append(f"directory /run/{prefix}")
    return left


class Manager:
    """The swarm manager's engine API, called directly (lib.Engine's client), as the adapter calls it."""

    def __init__(self, socket_path, label):
        self.engine = Engine(socket_path)
        self.label = label

    def call(self, method, path, body=None, expect=(200, 201)):
        status, answer = self.engine.call(method, path, body)
        assert status in expect, (method, path, status, answer)
        return answer

    def overlay(self, name):
        """An internal attachable overlay, as the adapter makes for a user with egress none."""
        self.call("POST", "/networks/create", {"Name": name, "CheckDuplicate": True, "Driver": "overlay",
                                               "Attachable": True, "Internal": True,
                                               "Labels": {RUN_LABEL: self.label}})

    def spec(self, name, cmd, network):
        """SwarmSpecs.service with the service's default settings (1 CPU, 1 GB, 1024 processes, 10 MB x 3 logs)."""
        labels = {RUN_LABEL: self.label, "container-manager.bench-direct": "true",
                  "container-manager.id": uuid.uuid4().hex + uuid.uuid4().hex}
        container = {"Image": "docker.io/" + TEST_IMAGE, "Args": cmd, "Env": [], "Labels": labels, "Init": True,
                     "StopGracePeriod": 2_000_000_000,
                     "CapabilityDrop": ["CAP_NET_RAW", "CAP_MKNOD", "CAP_AUDIT_WRITE"]}
        size = {"NanoCPUs": 1_000_000_000, "MemoryBytes": 1 << 30}
        task = {"ContainerSpec": container, "Resources": {"Limits": dict(size, Pids=1024), "Reservations": size},
                "RestartPolicy": {"Condition": "none"}, "Networks": [{"Target": network, "Aliases": [name]}],
                "LogDriver": {"Name": "json-file", "Options": {"max-size": "10240k", "max-file": "3"}}}
        return {"Name": name, "Labels": labels, "TaskTemplate": task, "Mode": {"Replicated": {"Replicas": 0}},
                "EndpointSpec": {"Mode": "dnsrr"}}

    def create(self, cmd, network):
        name = f"cmsb-direct-{uuid.uuid4().hex[:12]}"
        return self.call("POST", "/services/create", self.spec(name, cmd, network))["ID"]

    def remove(self, service):
        self.call("DELETE", f"/services/{service}", expect=(200, 404))

    def tasks(self, service):
        filters = urllib.parse.quote(json.dumps({"service": [service]}))
        return self.call("GET", f"/tasks?filters={filters}")

    def update(self, service, change):
        current = self.call("GET", f"/services/{service}")
        spec = current["Spec"]
        change(spec)
        self.call("POST", f"/services/{service}/update?version={current['Version']['Index']}", spec)

    def start(self, service, poll):
        """docker service update --force --replicas 1, then until a task runs (after a stop, none does)."""
        def change(spec):
            spec.setdefault("Mode", {}).setdefault("Replicated", {})["Replicas"] = 1
            spec["TaskTemplate"]["ForceUpdate"] = spec["TaskTemplate"].get("ForceUpdate", 0) + 1

        self.update(service, change)
        return self.await_tasks(service, poll, lambda tasks: any(
            t["Status"]["State"] == "running" for t in tasks))

    def stop(self, service, poll):
        """Replicas 0 with a stop grace of 1 s (as PATCH stop?timeout=1), then until no task runs."""
        def change(spec):
            spec.setdefault("Mode", {}).setdefault("Replicated", {})["Replicas"] = 0
            spec["TaskTemplate"]["ContainerSpec"]["StopGracePeriod"] = 1_000_000_000

        self.update(service, change)
        self.await_tasks(service, poll, lambda tasks: all(t["Status"]["State"] in DONE for t in tasks))

    def await_tasks(self, service, poll, done, within=60):
        until = time.monotonic() + within
        while True:
            tasks = self.tasks(service)
            if done(tasks):
                return tasks
            assert time.monotonic() < until, f"service {service} did not settle: {tasks}"
            time.sleep(poll)

    def pin(self, service, node):
        def change(spec):
            spec["TaskTemplate"].setdefault("Placement", {})["Constraints"] = [f"node.id=={node}"]

        self.update(service, change)

    def node_of(self, container_id):
        """The node the service's container (its Swarm service, by our id label) is pinned to."""
        filters = urllib.parse.quote(json.dumps({"label": [f"container-manager.id={container_id}"]}))
        services = self.call("GET", f"/services?filters={filters}")
        assert len(services) == 1, services
        constraints = services[0]["Spec"]["TaskTemplate"]["Placement"]["Constraints"]
        return next(c.split("==", 1)[1] for c in constraints if c.startswith("node.id=="))

    def remove_labelled(self):
        filters = urllib.parse.quote(json.dumps({"label": [f"{RUN_LABEL}={self.label}"]}))
        for service in self.call("GET", f"/services?filters={filters}"):
            self.remove(service["ID"])


class Meter:
    """Wall time and CPU (the service's JVM, the node engines' dockerd) of operations, per side; for the service's
    side also what its adapter's calls took inside it (its cm.engine.calls timer, read before and after)."""

    def __init__(self, process, swarm, service):
        self.process, self.swarm, self.service = process, swarm, service
        self.samples = {}

    def adapter_calls(self):
        """{operation: [count, seconds]} of the service's engine calls so far (the adapter's, polls included)."""
        status, _, text = self.service.metrics_http.request("GET", "/actuator/prometheus")
        assert status == 200, status
        calls = {}
        for line in text.decode().splitlines():
            for suffix, index in (("_count{", 0), ("_sum{", 1)):
                if line.startswith("cm_engine_calls_seconds" + suffix):
                    operation = line.split('operation="', 1)[1].split('"', 1)[0]
                    calls.setdefault(operation, [0.0, 0.0])[index] += float(line.rsplit(" ", 1)[1])
        return calls

    def measure(self, key, fn, ops=1, adapter=False):
        calls = self.adapter_calls() if adapter else {}
        jvm = self.process.cpu_ms()
        engines, manager = self.swarm.engines_cpu_ms()
        started = time.perf_counter()
        result = fn()
        took = time.perf_counter() - started
        engines_after, manager_after = self.swarm.engines_cpu_ms()
        jvm_after = self.process.cpu_ms()
        sample = self.samples.setdefault(key, {"seconds": [], "jvm": 0.0, "engines": 0.0, "manager": 0.0, "ops": 0,
                                               "calls": {}})
        sample["seconds"].append(took / ops)
        sample["jvm"] += jvm_after - jvm
        sample["engines"] += engines_after - engines
        sample["manager"] += manager_after - manager
        sample["ops"] += ops
        if adapter:
            for operation, (count, seconds) in self.adapter_calls().items():
                before = calls.get(operation, [0.0, 0.0])
                total = sample["calls"].setdefault(operation, [0.0, 0.0])
                total[0] += count - before[0]
                total[1] += seconds - before[1]
        return result

    def per_op(self, key, what):
        sample = self.samples[key]
        return sample[what] / sample["ops"]

    def calls(self, key):
        """The adapter's calls per operation of this kind: 'create 1 x 12.3 ms, ...' (milliseconds per operation)."""
        sample = self.samples[key]
        parts = [(seconds, f"{name} {count / sample['ops']:.2g} x {seconds * 1000 / count:.1f} ms")
                 for name, (count, seconds) in sample["calls"].items() if count]
        return ", ".join(text for _, text in sorted(parts, reverse=True)) or "none"

    def calls_ms(self, key):
        sample = self.samples[key]
        return sum(seconds for _, seconds in sample["calls"].values()) * 1000 / sample["ops"]


class SwarmBench:
    def __init__(self, args, swarm, process, service, manager):
        self.args, self.swarm, self.process, self.service, self.manager = args, swarm, process, service, manager
        self.meter = Meter(process, swarm, service)
        self.network = f"cmsb-direct-{uuid.uuid4().hex[:6]}"
        self.users = []

    # --- the two sides' operations ----------------------------------------------------------------------------------
    def service_create(self, token, cmd=CREATED):
        status, body = self.service.call("POST", "/containers", {"image": TEST_IMAGE, "cmd": cmd}, token)
        assert status == 200, (status, body)
        job = self.service.await_jobs(token, [body["job_id"]], timeout=120)[body["job_id"]]
        assert job["status"] == "completed", job
        return job["result"]["container_id"]

    def service_call(self, method, path, token):
        status, body = self.service.call(method, path, token=token)
        assert status == 200, (method, path, status, body)

    def service_removes(self, token, ids):
        for cid in ids:
            self.service_call("DELETE", f"/containers/{cid}", token)

    # --- set-up -----------------------------------------------------------------------------------------------------
    def prepare(self):
        """Users (one per client, each with its overlay made by a first creation), the engine's overlay, and a
        warm-up of both sides, untimed."""
        for i in range(CLIENTS):
            _, token = self.service.new_user(f"swarm-bench-{i}")
            self.users.append(token)
        self.manager.overlay(self.network)
        warm = 1 if self.args.smoke else 5
        for token in self.users:
            self.service_removes(token, [self.service_create(token) for _ in range(warm)])
        # The JIT compiles what runs often: reads through the adapter (an inspect asks the manager), a job, a list.
        token = self.users[0]
        status, body = self.service.call("POST", "/containers", {"image": TEST_IMAGE, "cmd": CREATED}, token)
        job = body["job_id"]
        cid = self.service.await_jobs(token, [job])[job]["result"]["container_id"]
        for _ in range(30 if self.args.smoke else 300):
            for path in (f"/containers/{cid}", f"/jobs/{job}", "/containers"):
                self.service_call("GET", path, token)
        self.service_call("DELETE", f"/containers/{cid}", token)
        for _ in range(warm):
            self.manager.remove(self.manager.create(CREATED, self.network))

    # --- creation ---------------------------------------------------------------------------------------------------
    def creations(self):
        count, rounds = self.args.creations, self.args.rounds
        per_client = max(1, count // CLIENTS)
        for round_no in range(rounds):
            made = {"service": [], "engine": []}

            def service_sequential():
                made["service"] += [(self.users[0], self.service_create(self.users[0])) for _ in range(count)]

            def engine_sequential():
                made["engine"] += [self.manager.create(CREATED, self.network) for _ in range(count)]

            def service_parallel():
                def client(token):
                    return [(token, self.service_create(token)) for _ in range(per_client)]

                with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
                    for ids in pool.map(client, self.users):
                        made["service"] += ids

            def engine_parallel():
                def client(_):
                    return [self.manager.create(CREATED, self.network) for _ in range(per_client)]

                with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
                    for ids in pool.map(client, range(CLIENTS)):
                        made["engine"] += ids

            steps = [("create_seq_service", service_sequential, count),
                     ("create_seq_engine", engine_sequential, count),
                     ("create_par_service", service_parallel, per_client * CLIENTS),
                     ("create_par_engine", engine_parallel, per_client * CLIENTS)]
            if round_no % 2:  # each side goes first every other round
                steps = [steps[1], steps[0], steps[3], steps[2]]
            for key, step, ops in steps:
                self.meter.measure(key, step, ops, adapter=key.endswith("_service"))
            # Removed between rounds, untimed, so that every round starts from the same number of services.
            for token, cid in made["service"]:
                self.service_call("DELETE", f"/containers/{cid}", token)
            for service in made["engine"]:
                self.manager.remove(service)

    # --- start+stop -------------------------------------------------------------------------------------------------
    def cycles(self):
        token = self.users[0]
        cid = self.service_create(token, EXITS_ON_TERM)
        # The first start pins the service's container to its task's node; the engine's services go to that node.
        self.service_call("PATCH", f"/containers/{cid}/start", token)
        self.service_call("PATCH", f"/containers/{cid}/stop?timeout=1", token)
        node = self.manager.node_of(cid)
        engine_fast = self.manager.create(EXITS_ON_TERM, self.network)
        engine_slow = self.manager.create(EXITS_ON_TERM, self.network)

        def settle(service):  # untimed, both at once: pinned, a first task made and stopped on that node
            self.manager.pin(service, node)
            self.manager.start(service, ENGINE_POLL)
            self.manager.stop(service, ENGINE_POLL)

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            list(pool.map(settle, (engine_fast, engine_slow)))

        def service_cycle():
            self.meter.measure("start_service", lambda: self.service_call("PATCH", f"/containers/{cid}/start", token),
                               adapter=True)
            self.meter.measure("stop_service",
                               lambda: self.service_call("PATCH", f"/containers/{cid}/stop?timeout=1", token),
                               adapter=True)

        def engine_cycle(service, poll, key):
            self.meter.measure(f"start_{key}", lambda: self.manager.start(service, poll))
            self.meter.measure(f"stop_{key}", lambda: self.manager.stop(service, poll))

        sides = [service_cycle, lambda: engine_cycle(engine_fast, ENGINE_POLL, "engine"),
                 lambda: engine_cycle(engine_slow, ADAPTER_POLL, "engine100")]
        for _ in range(0 if self.args.smoke else 1):  # warm-up, untimed
            for side in sides:
                side()
        for key in [k for k in self.meter.samples if k.startswith(("start_", "stop_"))]:
            del self.meter.samples[key]
        self.cycle_rounds = []
        for _ in range(self.args.rounds):
            marks = {k: len(self.meter.samples.get(k, {"seconds": []})["seconds"]) for k in
                     ("start_service", "stop_service", "start_engine", "stop_engine", "start_engine100",
                      "stop_engine100")}
            for _ in range(self.args.cycles):
                for side in sides:  # interleaved: a noisy moment of the machine hits every side alike
                    side()
            self.cycle_rounds.append({key: [s + t for s, t in zip(
                self.meter.samples[f"start_{key}"]["seconds"][marks[f"start_{key}"]:],
                self.meter.samples[f"stop_{key}"]["seconds"][marks[f"stop_{key}"]:])]
                for key in ("service", "engine", "engine100")})
        self.service_call("DELETE", f"/containers/{cid}", token)
        self.manager.remove(engine_fast)
        self.manager.remove(engine_slow)

    # --- the report -------------------------------------------------------------------------------------------------
    def idle(self, seconds):
        """CPU of the service's JVM and of the node engines with nothing asked of them: what background costs."""
        self.meter.measure("idle", lambda: time.sleep(seconds))
        sample = self.meter.samples["idle"]
        return sample["jvm"] / seconds, sample["engines"] / seconds

    def report(self, idle):
        m = self.meter
        ms = 1000

        def med(key):
            return median(m.samples[key]["seconds"]) * ms

        def mean(key):  # beside the adapter's calls, which the service's timer gives as sums
            return sum(m.samples[key]["seconds"]) / len(m.samples[key]["seconds"]) * ms

        def cpu(key):
            return (f"JVM {m.per_op(key, 'jvm'):.1f} ms, node dockerd {m.per_op(key, 'engines'):.1f} ms "
                    f"(the manager's {m.per_op(key, 'manager'):.1f})")

        rows = []
        for kind, label in (("seq", "one at a time"), ("par", f"by {CLIENTS} clients")):
            service, engine = f"create_{kind}_service", f"create_{kind}_engine"
            ratio = med(service) / med(engine)
            rows.append((f"creation, {label}: service / engine (time per creation)", f"{ratio:.2f} x",
                         f"{med(service):.0f} ms vs {med(engine):.0f} ms per creation (median of {self.args.rounds} "
                         f"rounds of {m.samples[service]['ops'] // self.args.rounds}: wall time / count); through "
                         f"the API, submit to the job's completion, each client a user of its own; the engine's "
                         f"`POST /services/create`, replicas 0, the adapter's spec, on the manager"))
            rows.append((f"creation, {label}: the adapter's calls inside the service", f"{m.calls_ms(service):.1f} ms",
                         f"per creation (mean), from the service's `cm.engine.calls` timer: {m.calls(service)}; the "
                         f"rest of the mean {mean(service):.0f} ms per creation is the service's own (the request, "
                         f"the job's queue, claim and completion, the client's polling of the job)"))
            rows.append((f"CPU per creation, {label}", f"{m.per_op(service, 'jvm'):.1f} ms JVM",
                         f"through the service: {cpu(service)}; the engine's own: node dockerd "
                         f"{m.per_op(engine, 'engines'):.1f} ms (the manager's {m.per_op(engine, 'manager'):.1f})"))
        ratios = [median(r["service"]) / median(r["engine"]) for r in self.cycle_rounds]
        ratios100 = [median(r["engine100"]) / median(r["engine"]) for r in self.cycle_rounds]
        cycle = {key: median([median(r[key]) for r in self.cycle_rounds]) * ms
                 for key in ("service", "engine", "engine100")}
        rows.append(("start+stop cycle: service / engine", f"{median(ratios):.2f} x",
                     f"cycle {cycle['service']:.0f} ms vs {cycle['engine']:.0f} ms (rounds: "
                     f"{', '.join(f'{r:.2f}' for r in ratios)} x; {self.args.rounds} rounds of {self.args.cycles} "
                     f"interleaved cycles); start {med('start_service'):.0f} vs {med('start_engine'):.0f} ms, stop "
                     f"{med('stop_service'):.0f} vs {med('stop_engine'):.0f} ms; the engine's: forced update to "
                     f"replicas 1 until a task runs, replicas 0 until none does, polled every "
                     f"{ENGINE_POLL * ms:.0f} ms, pinned to the service's container's node"))
        rows.append(("start+stop cycle: the adapter's calls inside the service",
                     f"{m.calls_ms('start_service') + m.calls_ms('stop_service'):.0f} ms",
                     f"per cycle (mean), from the service's `cm.engine.calls` timer (each includes its polls of the "
                     f"manager every {ADAPTER_POLL * ms:.0f} ms): PATCH start (mean {mean('start_service'):.0f} ms): "
                     f"{m.calls('start_service')}; PATCH stop (mean {mean('stop_service'):.0f} ms): "
                     f"{m.calls('stop_service')}"))
        rows.append(("start+stop cycle: the engine's calls polled every 100 ms (as the adapter) / every 20 ms",
                     f"{median(ratios100):.2f} x",
                     f"cycle {cycle['engine100']:.0f} ms; start {med('start_engine100'):.0f} ms, stop "
                     f"{med('stop_engine100'):.0f} ms: what the adapter's polling interval alone costs"))
        jvm_cycle = m.per_op('start_service', 'jvm') + m.per_op('stop_service', 'jvm')
        rows.append(("CPU per start+stop cycle", f"{jvm_cycle:.1f} ms JVM",
                     f"the JVM's: the two requests, the adapter's polls, the node events it follows; through the "
                     f"service: node dockerd "
                     f"{m.per_op('start_service', 'engines') + m.per_op('stop_service', 'engines'):.1f} ms (the "
                     f"manager's {m.per_op('start_service', 'manager') + m.per_op('stop_service', 'manager'):.1f}); "
                     f"the engine's own, 20 ms polls: "
                     f"{m.per_op('start_engine', 'engines') + m.per_op('stop_engine', 'engines'):.1f} ms (the "
                     f"manager's {m.per_op('start_engine', 'manager') + m.per_op('stop_engine', 'manager'):.1f}); "
                     f"100 ms polls: "
                     f"{m.per_op('start_engine100', 'engines') + m.per_op('stop_engine100', 'engines'):.1f} ms"))
        rows.append(("CPU with nothing asked (background)", f"{idle[0]:.1f} ms/s JVM",
                     f"node dockerd {idle[1]:.1f} ms/s (3 engines); over {m.samples['idle']['seconds'][0]:.0f} s "
                     f"after the measurements (the service follows each node's events): in every CPU figure above"))
        with open("/proc/loadavg") as loadavg:
            load = " ".join(loadavg.read().split()[:3])
        engine_version = self.manager.call("GET", "/version").get("Version")
        when = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
        lines = [
            f"# The swarm adapter against the manager's own engine API "
            f"({when}{', smoke: the figures mean nothing' if self.args.smoke else ''})",
            "",
            f"`make bench-swarm` (`bench/swarm_bench.py`): a local three-node swarm of its own (`scripts/swarm.sh up`, "
            f"one manager, two workers, Docker {engine_version}), the service's jar on it with `runtime.kind: swarm` "
            f"as `make swarm` runs it, {os.cpu_count()} cores shared with the nodes, load average {load} at the end. "
            "Ratios are the service over the node engine's own calls in the same run, interleaved; times are medians, "
            "CPU is user + system from /proc over all the measured operations of a kind, divided by their number "
            "(the service's JVM, and the three node engines' `dockerd`; their containerd and shims are not counted).",
            "",
            "| figure | measured | target | how |",
            "|---|---|---|---|",
        ]
        lines += [f"| {figure} | {value} | report | {how} |" for figure, value, how in rows]
        return "\n".join(lines) + "\n"


def stop_service(process):
    process.stop()
    # The embedded PostgreSQL stops with the service; one left by a service that had to be killed is stopped here.
    pid_file = os.path.join(process.data_dir, "data", "postgres", "postmaster.pid")
    try:
        with open(pid_file) as f:
            postmaster = int(f.readline())
        os.kill(postmaster, signal.SIGINT)
        for _ in range(100):
            os.kill(postmaster, 0)
            time.sleep(0.1)
        os.kill(postmaster, signal.SIGKILL)
    except (OSError, ValueError):
        pass
    shutil.rmtree(process.data_dir, ignore_errors=True)


def interrupted(*_):
    raise KeyboardInterrupt()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a couple of rounds, to check the script still works")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--creations", type=int, help="creations per round and side (a multiple of 4)")
    parser.add_argument("--cycles", type=int, help="start+stop cycles per round and side")
    parser.add_argument("--out", help="the results file (bench/results/swarm.md; --smoke: target/bench-swarm-smoke)")
    args = parser.parse_args()
    args.rounds = args.rounds or (2 if args.smoke else 4)
    args.creations = args.creations or (4 if args.smoke else 40)
    args.cycles = args.cycles or (1 if args.smoke else 3)
    out = args.out or (os.path.join(ROOT, "target", "bench-swarm-smoke", "swarm.md") if args.smoke
                       else os.path.join(ROOT, "bench", "results", "swarm.md"))
    if os.geteuid() != 0:
        sys.exit("make bench-swarm needs root (scripts/swarm.sh: namespaces, engines)")
    # SIGTERM as Ctrl-C: the finally blocks below take the service and the swarm down.
    signal.signal(signal.SIGTERM, interrupted)
    # Ctrl-C too when started in the background by a shell, which ignores SIGINT for it (see lib.ClusterProcess).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    began = time.monotonic()
    swarm = Swarm()
    process = None
    try:
        print(f"swarm {swarm.prefix} up ...", flush=True)
        swarm.up()
        print(f"swarm up in {time.monotonic() - began:.1f} s; the service ...", flush=True)
        os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
        process = ServiceProcess(
            data_dir=tempfile.mkdtemp(prefix="cm-bench-swarm-", dir=os.path.join(ROOT, "target")),
            new_session=True,
            env=dict(NO_LIMITS, RUNTIME_KIND="swarm", DOCKER_HOST=swarm.env["SWARM_MANAGER_HOST"],
                     RUNTIME_SWARM_NODES=swarm.nodes(), CONTAINERS_NETWORK=""))
        ready = process.start()
        print(f"service ready in {ready:.1f} s (port {process.port})", flush=True)
        manager = Manager(swarm.manager_socket(), process.label_value)
        bench = SwarmBench(args, swarm, process, Service(process.url, process.metrics_url), manager)
        try:
            bench.prepare()
            print("creations ...", flush=True)
            bench.creations()
            print("start+stop cycles ...", flush=True)
            bench.cycles()
            text = bench.report(bench.idle(2 if args.smoke else 5))
        finally:
            manager.remove_labelled()
    finally:
        if process:
            stop_service(process)
        swarm.down()
        left = leftovers(swarm.prefix)
        if left:
            print("left after down: " + "; ".join(left), file=sys.stderr)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(text)
    print(text)
    print(f"results in {os.path.relpath(out, ROOT)}; {time.monotonic() - began:.0f} s in all; "
          + ("left after down: " + "; ".join(left) if left else f"nothing of {swarm.prefix} left"), flush=True)
    return 1 if left else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted: the service and the swarm were taken down", file=sys.stderr)
        sys.exit(130)
