"""The app proxy (issue 23) in make bench: a container's web server reached through the service, against the same
server reached directly (its address on the user's network) in the same run, and what 100 open WebSockets through
the proxy hold. Two containers of one user: "web" on the default egress (none: an internal network without an
address of the host, reached through its relay) and "web-direct" of a profile with egress allowed (the host has an
address on its network: the proxy's direct way, and the bench's direct requests). The targets hold for the relay's
way; the direct way through the proxy is reported beside it.

- Latency: one client, one request at a time, proxied and direct interleaved; p50 proxied <= 1.3 x direct + 1 ms.
- Throughput: wrk at 32 connections, direct then proxied; proxied >= 0.7 x direct; the service's CPU (its JVM's,
  from /proc) per proxied request beside it.
- WebSockets: N upgrades through the proxy to an echo in the container (busybox nc running a 10-line handshake),
  one frame each way on every one, then the service's heap (after a full collection), resident memory and platform
  threads with all of them open, against before.

The container is busybox: httpd for HTTP (it closes each connection, on both paths alike), nc for the WebSocket."""
import base64
import hashlib
import json
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse

from lib import TEST_IMAGE, median, percentile
from memory_budget import heap_used
from soak_hostile import masked_text_frame

HTTP_PORT, WS_PORT = 8000, 8001
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# A 1 KiB page on 8000; on 8001, a WebSocket handshake in shell (the accept key with sha1sum, xxd and base64), then
# cat echoes the client's frames as they are.
SERVER = f"""mkdir -p /www
head -c 1024 /dev/zero | tr '\\000' a > /www/index.html
cat > /ws.sh <<'EOS'
while read -r line; do
  line=${{line%$(printf '\\r')}}
  case "$line" in
    [Ss]ec-[Ww]eb[Ss]ocket-[Kk]ey:*) key=${{line#*: }} ;;
    "") break ;;
  esac
done
accept=$(printf '%s{WS_GUID}' "$key" | sha1sum | cut -d' ' -f1 | xxd -r -p | base64)
printf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n'
printf 'Sec-WebSocket-Accept: %s\\r\\n\\r\\n' "$accept"
exec cat
EOS
nc -ll -p {WS_PORT} -e sh /ws.sh &
exec httpd -f -p {HTTP_PORT} -h /www"""

# The proxy's own limits stay out of the way of 32 wrk connections and 100 WebSockets of one user; the profiles: the
# default one (small, egress none as by default) and "direct" (egress allowed), whose network the host reaches.
PROXY_ENV = {"PROXY_MAX_CONNECTIONS_PER_USER": "1000", "PROXY_MAX_CONNECTIONS": "2000",
             "CONFIG_FILE": os.path.join(os.path.dirname(os.path.abspath(__file__)), "proxy-profiles.yaml")}


class App:
    """One port of a container, reached through the service (with the app's cookie) or directly."""

    def __init__(self, service, token, cid, port, engine):
        self.service, self.token, self.cid, self.port = service, token, cid, port
        status, body = service.call("POST", f"/containers/{cid}/ports/{port}/open", token=token)
        assert status == 200, (status, body)
        url = urllib.parse.urlparse(body["url"])
        self.host = url.netloc  # the app's host name and the service's port: sent as Host to 127.0.0.1
        self.cookie = self._trade_ticket(url)
        inspected = engine.call("GET", f"/containers/{cid}/json")[1]
        networks = inspected["NetworkSettings"]["Networks"]
        # Only a network of egress allowed has an address of the host (its name ends in -egress).
        addresses = [n["IPAddress"] for name, n in networks.items() if n.get("IPAddress") and name.endswith("-egress")]
        self.direct = addresses[0] if addresses else None

    def _trade_ticket(self, url):
        """The browser's first request: the ticket URL answers a redirect with the app's cookie."""
        conn = http.client.HTTPConnection(self.service.host, self.service.port, timeout=30)
        conn.request("GET", url.path + ("?" + url.query if url.query else ""), headers={"Host": self.host})
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status in (302, 303, 307), response.status
        cookie = response.getheader("Set-Cookie")
        assert cookie, "no cookie for the app's origin"
        return cookie.split(";", 1)[0]

    def proxied(self):
        return http.client.HTTPConnection(self.service.host, self.service.port, timeout=30), {
            "Host": self.host, "Cookie": self.cookie}

    def plain(self):
        return http.client.HTTPConnection(self.direct, self.port, timeout=30), {}


def _get(conn, headers):
    started = time.perf_counter()
    conn.request("GET", "/", headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    assert response.status == 200 and len(body) == 1024, (response.status, len(body))
    return elapsed


def _wrk(url, connections, duration, headers=()):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency"]
    for header in headers:
        args += ["-H", header]
    output = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert non2xx is None, output
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), requests


def _time_waits(ip, port):
    """Connections to ip:port in TIME_WAIT (state 06 in /proc/net/tcp)."""
    remote = "".join(f"{int(part):02X}" for part in reversed(ip.split("."))) + f":{port:04X}"
    with open("/proc/net/tcp") as table:
        return sum(1 for line in table if line.split()[2:4] == [remote, "06"])


def _await_drained(ip, port, timeout=90):
    """busybox httpd closes every connection, and every one from this host to ip:port takes one of its ~28,000
    ephemeral ports for 60 s (TIME_WAIT): past that, new connections wait on the kernel, not on either server. The
    runs start with the ports of earlier ones free again."""
    deadline = time.monotonic() + timeout
    while _time_waits(ip, port) > 1000 and time.monotonic() < deadline:
        time.sleep(1)


def _upgrade(service_port, host, cookie):
    """A WebSocket handshake through the proxy on a raw socket; returns the socket once 101 came with the right key."""
    sock = socket.create_connection(("127.0.0.1", service_port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET / HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1024)
        assert chunk, head
        head += chunk
    assert head.startswith(b"HTTP/1.1 101"), head[:200]
    accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
    assert f"Sec-WebSocket-Accept: {accept}".lower() in head.decode().lower(), head
    return sock


def _echo(sock, text):
    """One frame each way: the echo sends the client's (masked) frame back as it came; unmask and compare."""
    sock.sendall(masked_text_frame(text))
    data = b""
    while len(data) < 6 + len(text):
        chunk = sock.recv(4096)
        assert chunk, "the tunnel closed"
        data += chunk
    mask = data[2:6]
    return bytes(b ^ mask[i % 4] for i, b in enumerate(data[6:6 + len(text)])).decode() == text


def _started(bench, token, name, profile=None):
    request = {"image": TEST_IMAGE, "name": name, "cmd": ["sh", "-c", SERVER]}
    if profile:
        request["profile"] = profile
    status, body = bench.service.call_retrying("POST", "/containers", request, token)
    assert status == 200, (status, body)
    job = bench.service.await_jobs(token, [body["job_id"]])[body["job_id"]]
    assert job["status"] == "completed", job
    cid = job["result"]["container_id"]
    assert bench.service.call("PATCH", f"/containers/{cid}/start", token=token)[0] == 200
    return cid


def measure(bench, token, process):
    """bench: the Bench (figure, args, service, engine). process: the service's process (None with BENCH_URL)."""
    smoke = bench.args.smoke
    cids = []
    try:
        cids.append(_started(bench, token, "web"))
        cids.append(_started(bench, token, "web-direct", "direct"))
        app = App(bench.service, token, cids[0], HTTP_PORT, bench.engine)
        reachable = App(bench.service, token, cids[1], HTTP_PORT, bench.engine)
        assert app.direct is None, "web is on a network without egress: the host has no address there"
        assert reachable.direct, "web-direct is on a network of egress allowed: the host reaches it"
        _latency(bench, app, reachable, smoke)
        _throughput(bench, app, reachable, smoke, process)
        _websockets(bench, token, cids[0], smoke, process)
    finally:
        for cid in cids:
            bench.service.call("DELETE", f"/containers/{cid}", token=token)


def _latency(bench, app, reachable, smoke):
    """app: through its relay; reachable: through the proxy's direct way, and the bench's own direct requests."""
    count, warm = (20, 10) if smoke else (500, 500)
    proxied, proxied_headers = app.proxied()
    proxied_direct, proxied_direct_headers = reachable.proxied()
    direct, direct_headers = reachable.plain()
    for _ in range(warm):  # untimed: the JIT compiles the proxy's path first, as in a service in use
        _get(proxied, proxied_headers)
        _get(proxied_direct, proxied_direct_headers)
        _get(direct, direct_headers)
    through, through_direct, plain = [], [], []
    for _ in range(count):  # interleaved, so that a noisy moment of the machine hits all alike
        through.append(_get(proxied, proxied_headers))
        through_direct.append(_get(proxied_direct, proxied_direct_headers))
        plain.append(_get(direct, direct_headers))
    for conn in (proxied, proxied_direct, direct):
        conn.close()
    p50, direct_p50 = median(through) * 1000, median(plain) * 1000
    bound = 1.3 * direct_p50 + 1
    bench.figure("proxy_latency_p50_ms", "app proxy: GET of a 1 KiB page, p50 through the proxy and the relay", p50,
                 "ms", "<= 1.3 x direct + 1 ms", p50 <= bound,
                 f"direct {direct_p50:.2f} ms (bound {bound:.2f} ms); p99 {percentile(through, 0.99) * 1000:.2f} vs "
                 f"{percentile(plain, 0.99) * 1000:.2f} ms direct; {count} of each, one at a time, interleaved; "
                 "busybox httpd")
    p50_direct_way = median(through_direct) * 1000
    bench.figure("proxy_direct_latency_p50_ms", "app proxy: the same, p50 through the proxy's direct way (egress "
                 "allowed)", p50_direct_way, "ms", "report", True,
                 f"p99 {percentile(through_direct, 0.99) * 1000:.2f} ms; interleaved with the two above")


def _relay_cpu_ms(engine, cid):
    """CPU time the relay of this container's network has used so far (user + system, ms), from /proc: the relay is
    the one container on that network with the relay label."""
    inspected = engine.call("GET", f"/containers/{cid}/json")[1]
    network = next(iter(inspected["NetworkSettings"]["Networks"]))
    filters = urllib.parse.quote(json.dumps({"label": ["container-manager.relay"], "network": [network]}))
    relays = engine.call("GET", f"/containers/json?filters={filters}")[1]
    if len(relays) != 1:
        return None
    pid = engine.call("GET", f"/containers/{relays[0]['Id']}/json")[1]["State"]["Pid"]
    # The process's utime and stime: its threads', those that ended included.
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _throughput(bench, app, reachable, smoke, process):
    if not shutil.which("wrk"):
        bench.figure("proxy_rps_ratio", "app proxy: throughput through the proxy / direct", 0, "x", ">= 0.7", False,
                     "wrk is not installed (apt-get install wrk)")
        return
    connections, duration, runs = (8, "1s", 1) if smoke else (32, "1s", 4)
    proxied_url = f"http://{bench.service.host}:{bench.service.port}/"
    direct_url = f"http://{reachable.direct}:{reachable.port}/"
    headers = (f"Host: {app.host}", f"Cookie: {app.cookie}")
    direct_way_headers = (f"Host: {reachable.host}", f"Cookie: {reachable.cookie}")
    if not smoke:
        _wrk(proxied_url, connections, "3s", headers)  # warm-up, not measured
        _await_drained(reachable.direct, reachable.port)
    pairs, cpu, direct_way, relay_cpu = [], [], [], []
    for _ in range(runs):  # direct and proxied in turn: a busy moment of the machine hits both alike
        direct = _wrk(direct_url, connections, duration)[0]
        cpu_before = process.cpu_ms() if process else 0
        relay_before = _relay_cpu_ms(bench.engine, app.cid)
        through, requests = _wrk(proxied_url, connections, duration, headers)
        if process:
            cpu.append((process.cpu_ms() - cpu_before) / requests)
        if relay_before is not None:
            relay_cpu.append((_relay_cpu_ms(bench.engine, app.cid) - relay_before) / requests)
        pairs.append((through, direct))
        direct_way.append(_wrk(proxied_url, connections, duration, direct_way_headers)[0] / direct)
    ratio = median([through / direct for through, direct in pairs])
    bench.figure("proxy_direct_rps_ratio", "app proxy: the same through the proxy's direct way (egress allowed) / "
                 "direct", median(direct_way), "x", "report", True,
                 f"runs {', '.join(f'{r:.2f}' for r in direct_way)}")
    bench.figure("proxy_rps_ratio", f"app proxy: throughput through the proxy and the relay / direct, {connections} "
                 "connections (wrk)", ratio, "x", ">= 0.7", ratio >= 0.7,
                 f"{runs} runs of {duration} each way in turn (proxied/direct req/s: "
                 f"{', '.join(f'{t:.0f}/{d:.0f}' for t, d in pairs)}); load average {os.getloadavg()[0]:.1f} on "
                 f"{os.cpu_count()} cores; busybox httpd closes every connection (see bench/README.md)")
    if relay_cpu:
        bench.figure("proxy_relay_cpu_per_request_ms", "app proxy: CPU of the relay per proxied request",
                     median(relay_cpu), "ms", "report", True,
                     f"runs {', '.join(f'{c:.3f}' for c in relay_cpu)} ms; during the wrk runs above")
    if cpu:
        value = median(cpu)
        bench.figure("proxy_cpu_per_request_ms", "app proxy: CPU of the service per proxied request (its JVM)",
                     value, "ms", "report", True,
                     f"runs {', '.join(f'{c:.3f}' for c in cpu)} ms; during the wrk runs above")


def _websockets(bench, token, cid, smoke, process):
    count = 10 if smoke else 100
    app = App(bench.service, token, cid, WS_PORT, bench.engine)
    # One first, so that the classes and pools of the tunnel are loaded before the figure.
    first = _upgrade(bench.service.port, app.host, app.cookie)
    assert _echo(first, "warm")
    pid = process.process.pid if process else None
    heap_before = heap_used(bench.service, pid) if pid else 0
    rss_before, threads_before = (process.rss_mb(), process.threads()) if process else (0, 0)
    sockets = [_upgrade(bench.service.port, app.host, app.cookie) for _ in range(count)]
    echoed = sum(1 for i, sock in enumerate(sockets) if _echo(sock, f"frame {i}"))
    heap_after = heap_used(bench.service, pid) if pid else 0
    rss_after, threads_after = (process.rss_mb(), process.threads()) if process else (0, 0)
    for sock in sockets + [first]:
        sock.close()
    each_kib = (heap_after - heap_before) / count / 1024
    rss_added = rss_after - rss_before
    passed = echoed == count and threads_after - threads_before <= 10 and rss_added <= 64
    bench.figure("proxy_websockets_heap_kib", f"app proxy: {count} open WebSockets, heap each (after a full GC)",
                 each_kib, "KiB", "report; all echo, threads +<= 10, RSS +<= 64 MB", passed,
                 f"{echoed}/{count} echoed a frame; heap {heap_before / 2**20:.1f} -> {heap_after / 2**20:.1f} MiB; "
                 f"RSS {rss_before:.0f} -> {rss_after:.0f} MB; platform threads {threads_before} -> {threads_after}")
