"""Shared plumbing for the benchmark and the soak test: HTTP clients for the service and for the Docker engine's
own API (same client code on both sides, so ratios compare the servers, not the clients), and the service launcher.
Standard library only, so it runs on a fresh machine."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import free_ports  # noqa: E402 (scripts/free_ports.py, shared with cluster-check.sh)
TEST_IMAGE = os.environ.get("TEST_IMAGE", "cm-test/busybox:latest")
RUN_LABEL = "container-manager.bench-run"


# What the service's adapter sets on every container with its default settings (DockerContainerRuntime.hostConfig).
SERVICE_HOST_CONFIG = {"Memory": 1 << 30, "NanoCpus": 1_000_000_000, "PidsLimit": 1024,
                       "CapDrop": ["NET_RAW", "MKNOD", "AUDIT_WRITE"], "SecurityOpt": ["no-new-privileges"],
                       "LogConfig": {"Type": "json-file", "Config": {"max-size": "10m", "max-file": "3"}}}


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=120):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


class _KeepAlive:
    """One persistent connection per thread, reopened after an error."""

    def __init__(self, factory):
        self.factory = factory
        self.local = threading.local()

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = self.factory()
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                return response.status, dict(response.getheaders()), payload
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise


class Engine:
    """The Docker engine's API, called directly."""

    def __init__(self, socket_path="/var/run/docker.sock"):
        self.socket_path = socket_path
        self.http = _KeepAlive(lambda: UnixHTTPConnection(socket_path))

    def call(self, method, path, body=None):
        status, _, payload = self.http.request(method, path, body)
        return status, (json.loads(payload) if payload and payload[:1] in (b"{", b"[") else payload)

    def create(self, image, cmd, labels, name=None, network=None):
        """The same container the service asks for (its default limits, dropped capabilities, log rotation), so that
        both sides ask the engine for the same work; network: the service puts each container on its user's network
        (start and stop then connect and disconnect it, about three times the work of a container without one)."""
        query = "?name=" + urllib.parse.quote(name) if name else ""
        host_config = dict(SERVICE_HOST_CONFIG, NetworkMode=network) if network else SERVICE_HOST_CONFIG
        status, body = self.call("POST", "/containers/create" + query,
                                 {"Image": image, "Cmd": cmd, "Labels": labels, "Env": [], "HostConfig": host_config})
        assert status == 201, (status, body)
        return body["Id"]

    def network_like(self, cid, labels):
        """A network of the same kind as the one container cid is on (driver, internal, options: a user's network of
        the service), on a free subnet of its own, named after it; made once. Returns its name."""
        source = self.call("GET", f"/containers/{cid}/json")[1]["HostConfig"]["NetworkMode"]
        name = f"{source}-direct"
        if self.call("GET", f"/networks/{urllib.parse.quote(name)}")[0] == 200:
            return name
        status, network = self.call("GET", f"/networks/{urllib.parse.quote(source)}")
        assert status == 200, (status, network)
        taken = {config.get("Subnet") for other in self.call("GET", "/networks")[1]
                 for config in (other.get("IPAM") or {}).get("Config") or []}
        subnet = next(f"10.254.{i}.0/24" for i in range(256) if f"10.254.{i}.0/24" not in taken)
        status, body = self.call("POST", "/networks/create", {
            "Name": name, "Driver": network["Driver"], "Internal": network["Internal"],
            "Options": network.get("Options") or {}, "Labels": labels,
            "IPAM": {"Driver": "default", "Config": [{"Subnet": subnet}]}})
        assert status == 201, (status, body)
        return name

    def start(self, cid):
        status, body = self.call("POST", f"/containers/{cid}/start")
        assert status in (204, 304), (status, body)

    def stop(self, cid, timeout=None):
        query = f"?t={timeout}" if timeout is not None else ""
        status, body = self.call("POST", f"/containers/{cid}/stop{query}")
        assert status in (204, 304), (status, body)

    def remove(self, cid):
        self.call("DELETE", f"/containers/{cid}?force=true")

    def list_by_label(self, key, value):
        filters = urllib.parse.quote(json.dumps({"label": [f"{key}={value}"]}))
        status, body = self.call("GET", f"/containers/json?all=true&filters={filters}")
        assert status == 200, (status, body)
        return body

    def follow_lines(self, cid):
        """The engine's own log follow of a container, decoded from its multiplexed frames: yields text lines."""
        conn = UnixHTTPConnection(self.socket_path, timeout=120)
        conn.request("GET", f"/containers/{cid}/logs?follow=1&stdout=1&stderr=1&tail=0")
        response = conn.getresponse()
        buffered = b""
        try:
            while True:
                header = response.read(8)
                if len(header) < 8:
                    return
                size = int.from_bytes(header[4:8], "big")
                buffered += response.read(size)
                while b"\n" in buffered:
                    line, buffered = buffered.split(b"\n", 1)
                    yield line.decode()
        finally:
            conn.close()

    def exec(self, cid, cmd):
        """Runs a command to completion the way a client of the engine does: create, start (attached), inspect."""
        status, created = self.call("POST", f"/containers/{cid}/exec",
                                    {"Cmd": cmd, "AttachStdout": True, "AttachStderr": True})
        assert status == 201, (status, created)
        conn = UnixHTTPConnection(self.socket_path)
        conn.request("POST", f"/exec/{created['Id']}/start", body=json.dumps({"Detach": False, "Tty": False}),
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        conn.close()
        for _ in range(100):
            status, inspected = self.call("GET", f"/exec/{created['Id']}/json")
            if not inspected["Running"]:
                return inspected["ExitCode"]
            time.sleep(0.01)
        raise TimeoutError("exec did not finish")

    def remove_labelled(self, key, value):
        """Removes this run's containers, then its networks (each user's network of the service under test)."""
        for container in self.list_by_label(key, value):
            self.remove(container["Id"])
        filters = urllib.parse.quote(json.dumps({"label": [f"{key}={value}"]}))
        status, networks = self.call("GET", f"/networks?filters={filters}")
        assert status == 200, (status, networks)
        for network in networks:
            self.call("DELETE", f"/networks/{network['Id']}")


class Service:
    """The Container Manager's HTTP API."""

    def __init__(self, base_url, metrics_url=None):
        parsed = urllib.parse.urlparse(base_url)
        self.base_url = base_url
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.http = _KeepAlive(lambda: http.client.HTTPConnection(self.host, self.port, timeout=120))
        # Metrics are served on the management port only (management.server.port, loopback by default).
        metrics = urllib.parse.urlparse(metrics_url or f"http://{self.host}:8081")
        self.metrics_http = _KeepAlive(
            lambda: http.client.HTTPConnection(metrics.hostname, metrics.port or 80, timeout=120))

    def call(self, method, path, body=None, token=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        status, response_headers, payload = self.http.request(method, path, body, headers)
        parsed = json.loads(payload) if payload and payload[:1] in (b"{", b"[") else payload
        return status, parsed

    def new_user(self, prefix):
        username = f"{prefix}-{uuid.uuid4().hex[:10]}"
        credentials = {"username": username, "password": "bench-password"}
        status, body = self.call_retrying("POST", "/users", credentials)
        assert status == 200, (status, body)
        status, body = self.call_retrying("POST", "/users/login", credentials)
        assert status == 200, (status, body)
        return body["id"], body["token"]

    def call_retrying(self, method, path, body=None, token=None, attempts=50):
        """As a well-behaved client: a 429 (every password check slot busy, say) is tried again after Retry-After."""
        for _ in range(attempts):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            status, response_headers, payload = self.http.request(method, path, body, headers)
            if status != 429:
                break
            time.sleep(float(response_headers.get("Retry-After", "1")))
        parsed = json.loads(payload) if payload and payload[:1] in (b"{", b"[") else payload
        return status, parsed

    def await_jobs(self, token, job_ids, timeout=600):
        """Waits until every job has finished; returns {job id: job}. Jobs of one user run about oldest first, so it
        asks about the newest unfinished one and, once that has finished, reads the others from the user's job list
        (one request for up to 500), then one at a time those it did not find: a few reads a round, not one per
        job, which would load the service it measures (and count in its CPU per creation)."""
        pending = list(job_ids)
        finished = {}
        deadline = time.monotonic() + timeout
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(pending)} jobs did not finish")
            status, newest = self.call("GET", f"/jobs/{pending[-1]}", token=token)
            if status == 200 and newest["status"] in ("completed", "failed") and len(pending) > 1:
                status, listed = self.call("GET", f"/jobs?limit={min(500, 2 * len(pending) + 10)}", token=token)
                if status == 200:
                    for job in listed:
                        if job["id"] in pending and job["status"] in ("completed", "failed"):
                            finished[job["id"]] = job
                            pending.remove(job["id"])
            for job_id in reversed(list(pending)):
                status, job = self.call("GET", f"/jobs/{job_id}", token=token)
                if status != 200 or job["status"] not in ("completed", "failed"):
                    break
                finished[job_id] = job
                pending.remove(job_id)
            if pending:
                time.sleep(0.005)
        return finished

    def open_follow(self, cid, token):
        return _SseLines(self.host, self.port, f"/containers/{cid}/logs?follow=true&tail=0", token)

    def follow_lines(self, cid, token):
        """The service's log follow: yields the text of each "log" event."""
        stream = self.open_follow(cid, token)
        try:
            while True:
                line = stream.next_line()
                if line is None:
                    return
                yield line
        finally:
            stream.close()

    def metric(self, name, **labels):
        """Sums the Prometheus samples of this metric whose labels include the given ones."""
        status, _, text = self.metrics_http.request("GET", "/actuator/prometheus")
        assert status == 200, f"metrics answered {status}"
        total = 0.0
        for line in text.decode().splitlines():
            if not line.startswith(name + "{") and not line.startswith(name + " "):
                continue
            if all(f'{k}="{v}"' in line for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
        return total


class _SseLines:
    """One Server-Sent Events answer on its own connection, read event by event ("log" events' line texts)."""

    def __init__(self, host, port, path, token):
        self.conn = http.client.HTTPConnection(host, port, timeout=120)
        self.conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        self.response = self.conn.getresponse()
        assert self.response.status == 200, self.response.status

    def next_line(self):
        name = None
        while True:
            raw = self.response.readline()
            if not raw:
                return None
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name == "log":
                return json.loads(line[6:])["line"]
            elif line.startswith("data: ") and name == "end":
                return None

    def close(self):
        self.conn.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServiceProcess:
    """The service started the way `make run` starts it (scripts/run.sh), on its own data folder and port."""

    def __init__(self, data_dir=None, label_value=None, env=None, new_session=False):
        """new_session: the service in a session of its own, so that a terminal's Ctrl-C reaches only the script,
        which then stops it in its own order."""
        self.env = dict(env or {})
        self.new_session = new_session
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="cm-bench-", dir=os.path.join(ROOT, "target"))
        self.port = free_port()
        self.management_port = free_port()
        self.label_value = label_value or uuid.uuid4().hex
        self.process = None
        self.rss_samples = []
        self._sampling = False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def metrics_url(self):
        return f"http://127.0.0.1:{self.management_port}"

    def start(self):
        env = dict(os.environ, SERVER_PORT=str(self.port), MANAGEMENT_SERVER_PORT=str(self.management_port),
                   DATA_DIR=os.path.join(self.data_dir, "data"),
                   STORAGE_BASE_PATH=os.path.join(self.data_dir, "uploads"), **self.env)
        self.log = open(os.path.join(self.data_dir, "service.log"), "ab")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [os.path.join(ROOT, "scripts", "run.sh"), f"--cm.docker.labels[{RUN_LABEL}]={self.label_value}"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=self.new_session)
        service = Service(self.url)
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited; see {self.data_dir}/service.log")
            try:
                status, body = service.call("GET", "/actuator/health")
                if status == 200 and body.get("status") == "UP":
                    break
            except OSError:
                pass
            time.sleep(0.02)
        ready = time.monotonic() - started
        self._sampling = True
        threading.Thread(target=self._sample_rss, daemon=True).start()
        return ready

    def _sample_rss(self):
        while self._sampling and self.process.poll() is None:
            rss = self.rss_mb()
            if rss:
                self.rss_samples.append((time.monotonic(), rss))
            time.sleep(0.5)

    def rss_mb(self):
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def cpu_ms(self):
        """CPU time the service's JVM has used so far (user + system), in milliseconds, from /proc."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def threads(self):
        """Platform threads of the service's JVM (virtual threads do not count: they are not OS threads)."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("Threads:"):
                        return int(line.split()[1])
        except OSError:
            return 0
        return 0

    def stop(self):
        self._sampling = False
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()


class ClusterProcess:
    """make cluster's script (scripts/cluster.sh): n instances on PostgreSQL behind HAProxy, on free ports."""

    def __init__(self, n, label_value, env=None):
        self.n = n
        self.env = dict(env or {})
        self.dir = tempfile.mkdtemp(prefix="cm-bench-cluster-", dir=os.path.join(ROOT, "target"))
        # cluster.sh numbers instance ports from one base: HAProxy, then n instances, then PostgreSQL.
        self.port = free_ports.cluster_base(n + 2, n)
        self.instance_ports = [self.port + 1 + i for i in range(n)]
        self.db_port = self.port + n + 1
        self.label_value = label_value
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def instances(self):
        """Each instance directly (for its metrics, which HAProxy does not serve)."""
        # Each instance's metrics are on its management port, its API port + 1000 (scripts/cluster.sh).
        return [Service(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1000}") for port in self.instance_ports]

    def start(self):
        env = dict(os.environ, **self.env, N=str(self.n), CLUSTER_PORT=str(self.port), CLUSTER_THROWAWAY="1",
                   CLUSTER_DB_PORT=str(self.db_port),
                   CLUSTER_DIR=os.path.join(self.dir, "cluster"))
        self.log = open(os.path.join(self.dir, "cluster.log"), "ab")
        # A session of its own: SIGINT to its group is Ctrl-C in a terminal. env --default-signal undoes an ignored
        # SIGINT inherited from whoever started make test in the background (a shell cannot trap a signal ignored on
        # entry): without it the cluster ignored stop() for its two minutes and its instances outlived the bench.
        self.process = subprocess.Popen(
            ["env", "--default-signal=INT", os.path.join(ROOT, "scripts", "cluster.sh"),
             f"--cm.docker.labels[{RUN_LABEL}]={self.label_value}"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 600
        front = Service(self.url)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make cluster exited; see {self.dir}/cluster.log")
            try:
                healthy = [s.call("GET", "/actuator/health/readiness")[0] == 200 for s in self.instances()]
                if all(healthy) and front.call("GET", "/actuator/health/readiness")[0] == 200:
                    # HAProxy puts an instance in after two good checks, a second apart.
                    time.sleep(2.5)
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError("make cluster was not ready within 10 minutes")

    def jvm_pids(self):
        """Each instance's JVM (cluster.sh writes the pid of run.sh, which execs java)."""
        pids = []
        for i in range(1, self.n + 1):
            with open(os.path.join(self.dir, "cluster", f"instance-{i}.pid")) as pid:
                pids.append(int(pid.read().strip()))
        return pids

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
