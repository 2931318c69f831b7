#!/usr/bin/env python3
"""make swarm-check: scripts/swarm.sh for real, on a prefix of its own, and what issue 27's adapter will need of it.

Up; three nodes Ready; a service pinned to each node from the local image by its own name (through the registry) and
its task running there; an attachable overlay across two nodes with dnsrr services, one reaching the other by its
service name; a named volume whose data survives scale 0 -> 1 on the same node; `service logs`; exec through each
node's own engine; a restart (update --force); node 3's engine killed and started again (the manager's view of it,
the other nodes' tasks, its own task back); then down, and nothing of it left (namespaces, engines, mounts,
cgroups, run directory, registry). Each phase is timed, beside the same operations on the local engine (docker run,
stop, start), and the figures go to bench/results/swarm-nodes.md (--no-write: print only). Exits non-zero on the
first failed check; down runs whatever happened.

    python3 bench/swarm_nodes.py [--rounds N] [--no-write]
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "swarm.sh")
IMAGE = os.environ.get("TEST_IMAGE", "cm-test/busybox:latest")
RESULTS = os.path.join(ROOT, "bench", "results", "swarm-nodes.md")
DEADLINE = 60.0
# tini (docker-init) as PID 1 passes SIGTERM on, so a stop takes the process's time, not the grace period's.
LOOP = ["sleep", "100000"]


class CheckFailed(Exception):
    pass


def run(*args, env=None, check=True):
    done = subprocess.run(list(args), capture_output=True, text=True, env=env)
    if check and done.returncode != 0:
        raise CheckFailed(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)
    print(f"ok: {message}", flush=True)


def poll(what, probe, deadline=DEADLINE):
    """Calls probe until it answers something true; fails after deadline seconds."""
    end = time.monotonic() + deadline
    while True:
        answer = probe()
        if answer:
            return answer
        if time.monotonic() >= end:
            raise CheckFailed(f"gave up after {deadline:.0f} s waiting for {what}")
        time.sleep(0.02)


def timed(fn):
    start = time.monotonic()
    result = fn()
    return time.monotonic() - start, result


class Swarm:
    def __init__(self, prefix):
        self.prefix = prefix
        self.script_env = dict(os.environ, SWARM_PREFIX=prefix, SWARM_IMAGES=IMAGE)
        self.dir = f"/run/{prefix}"
        self.env = {}

    def up(self):
        run(SCRIPT, "up", env=self.script_env)
        with open(os.path.join(self.dir, "swarm.env")) as env_file:
            for line in env_file:
                if "=" in line and not line.startswith("#"):
                    key, value = line.strip().split("=", 1)
                    self.env[key] = value

    def down(self):
        run(SCRIPT, "down", env=self.script_env)

    def node(self, i, *args, check=True):
        return run("docker", "-H", self.env[f"SWARM_NODE{i}_HOST"], *args, check=check)

    def manager(self, *args, check=True):
        return run("docker", "-H", self.env["SWARM_MANAGER_HOST"], *args, check=check)

    def name(self, i):
        return self.env[f"SWARM_NODE{i}_NAME"]

    def running_task(self, service):
        """(node name, container id) of the service's running task, or None."""
        rows = self.manager("service", "ps", service, "--filter", "desired-state=running",
                            "--format", "{{.Node}} {{.CurrentState}}", check=False)
        for row in rows.splitlines():
            node, state = row.split(" ", 1)
            if state.startswith("Running"):
                i = next(i for i in (1, 2, 3) if self.name(i) == node)
                cid = self.node(i, "ps", "-q", "--filter", f"label=com.docker.swarm.service.name={service}")
                if cid:
                    return node, cid.splitlines()[0]
        return None

    def no_task(self, service, i):
        return not self.node(i, "ps", "-q", "--filter", f"label=com.docker.swarm.service.name={service}")

    def create_service(self, name, node, *extra, command=None):
        self.manager("service", "create", "-d", "--name", name, "--init", "--endpoint-mode", "dnsrr",
                     "--constraint", f"node.hostname=={self.name(node)}", "--label", f"cm-swarm-check={self.prefix}",
                     *extra, IMAGE, *(command or LOOP))


def leftovers(prefix):
    """What of this prefix is still on the machine, as readable lines (empty when nothing is)."""
    left = []
    netns = run("ip", "netns", "list", check=False)
    left += [f"namespace {line}" for line in netns.splitlines() if line.startswith(prefix + "-")]
    procs = run("pgrep", "-a", "-f", f"/run/{prefix}/", check=False)
    left += [f"process {line}" for line in procs.splitlines()]
    with open("/proc/self/mounts") as mounts:
        left += [f"mount {line.split()[1]}" for line in mounts if prefix in line.split()[1]]
    for controller in [""] + os.listdir("/sys/fs/cgroup"):  # cgroup v2: the top; v1: each controller
        for n in (1, 2, 3):
            path = os.path.join("/sys/fs/cgroup", controller, f"{prefix}-n{n}")
            if os.path.isdir(path):
                left.append(f"cgroup {path}")
    if os.path.ismount("/run/netns") and not os.listdir("/run/netns"):
        left.append("mount /run/netns (ip netns's own, with no namespace left in it)")
    if os.path.exists(f"/run/{prefix}"):
        left.append(f"directory /run/{prefix}")
    # The host's link to the hub (scripts/swarm.sh names it after a hash of the prefix).
    link = "cmsw" + hashlib.sha256(prefix.encode()).hexdigest()[:8]
    if os.path.exists(f"/sys/class/net/{link}"):
        left.append(f"the host's link {link}")
    return left


def main_engine_figures(rounds, run_label):
    """docker run -d, stop, start on the local engine, the same image and command, median seconds."""
    figures = {"run": [], "stop": [], "start": []}
    for _ in range(rounds):
        name = f"cm-swarm-check-{uuid.uuid4().hex[:8]}"
        try:
            took, _ = timed(lambda: run("docker", "run", "-d", "--init", "--network", "none", "--name", name,
                                        "--label", f"cm-swarm-check={run_label}", IMAGE, *LOOP))
            figures["run"].append(took)
            took, _ = timed(lambda: run("docker", "stop", name))
            figures["stop"].append(took)
            took, _ = timed(lambda: run("docker", "start", name))
            figures["start"].append(took)
        finally:
            run("docker", "rm", "-f", name, check=False)
    return {key: statistics.median(values) for key, values in figures.items()}


def check_round(swarm, figures):
    figures["engines_before"] = run("pgrep", "-x", "dockerd", check=False).split()
    took, _ = timed(swarm.up)
    figures["up"].append(took)
    p = swarm.prefix
    ready = swarm.manager("node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.Availability}}").splitlines()
    expect(sorted(ready) == sorted(f"{swarm.name(i)} Ready Active" for i in (1, 2, 3)), "three nodes Ready and Active")

    # A service pinned to each node, from the local image by its own name: each node pulls it from the registry.
    for i in (1, 2, 3):
        service = f"{p}-pin{i}"
        start = time.monotonic()
        swarm.create_service(service, i)
        node, cid = poll(f"{service} running", lambda: swarm.running_task(service))
        figures["create_to_running"].append(time.monotonic() - start)
        expect(node == swarm.name(i), f"{service}'s task runs on {swarm.name(i)} ({cid[:12]})")
        image = swarm.node(i, "inspect", "--format", "{{.Config.Image}}", cid)
        expect(image.startswith(IMAGE + "@sha256:"), f"node {i} pulled {IMAGE} through the registry: {image[:40]}...")

    # An attachable overlay across nodes 2 and 3, dnsrr services, one reaching the other by its service name.
    network = f"{p}-net"
    swarm.manager("network", "create", "-d", "overlay", "--attachable", network)
    web, client = f"{p}-web", f"{p}-client"
    swarm.create_service(web, 2, "--network", network,
                         command=["sh", "-c", "mkdir /www && echo hello-$(hostname) > /www/index.html && "
                                  "exec httpd -f -p 8080 -h /www"])
    swarm.create_service(client, 3, "--network", network)
    _, web_cid = poll(f"{web} running", lambda: swarm.running_task(web))
    _, client_cid = poll(f"{client} running", lambda: swarm.running_task(client))
    # busybox-static's wget crashes (SIGSEGV) here; nc speaks the HTTP request itself.
    request = f'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 2 {web} 8080'
    answer = poll(f"{client} reaching {web} by name",
                  lambda: swarm.node(3, "exec", client_cid, "sh", "-c", request, check=False))
    body = answer.splitlines()[-1]
    expect(body.startswith("hello-"), f"{client} on node 3 reached {web} on node 2 by name over {network}: {body}")
    resolved = swarm.node(3, "exec", client_cid, "nslookup", web, check=False)
    web_addr = swarm.node(2, "inspect", "--format",
                          "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", web_cid).split()
    expect(any(addr in resolved for addr in web_addr), f"dnsrr: {web} resolves to its task's address {web_addr}")

    # Another user's overlay: a service on it (node 2) is neither found by name nor reached by address from node 3.
    other_network, other = f"{p}-net2", f"{p}-other"
    swarm.manager("network", "create", "-d", "overlay", "--attachable", other_network)
    swarm.create_service(other, 2, "--network", other_network,
                         command=["sh", "-c", "mkdir /www && echo other > /www/index.html && "
                                  "exec httpd -f -p 8080 -h /www"])
    _, other_cid = poll(f"{other} running", lambda: swarm.running_task(other))
    other_addr = swarm.node(2, "inspect", "--format",
                            "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", other_cid).split()
    by_name = swarm.node(3, "exec", client_cid, "sh", "-c", request.replace(web, other), check=False)
    by_addr = [swarm.node(3, "exec", client_cid, "sh", "-c", request.replace(web, addr), check=False)
               for addr in other_addr]
    expect("other" not in by_name and not any("other" in answer for answer in by_addr),
           f"{client} reaches neither {other}'s name nor its addresses {other_addr} on another overlay")

    # A named volume on node 1 that survives scale 0 -> 1; service logs; exec through node 1's own engine.
    volume_service, volume = f"{p}-vol", f"{p}-data"
    swarm.create_service(volume_service, 1, "--mount", f"type=volume,source={volume},target=/data",
                         command=["sh", "-c", "echo started >> /data/starts; echo started; exec sleep 100000"])
    _, cid = poll(f"{volume_service} running", lambda: swarm.running_task(volume_service))
    for _ in range(2):
        start = time.monotonic()
        swarm.manager("service", "scale", "-d", f"{volume_service}=0")
        poll(f"{volume_service} scaled to 0", lambda: swarm.no_task(volume_service, 1))
        figures["scale_1_to_0"].append(time.monotonic() - start)
        start = time.monotonic()
        swarm.manager("service", "scale", "-d", f"{volume_service}=1")
        node, cid = poll(f"{volume_service} scaled to 1", lambda: swarm.running_task(volume_service))
        figures["scale_0_to_1"].append(time.monotonic() - start)
        expect(node == swarm.name(1), f"{volume_service} came back on {node}")
    starts = swarm.node(1, "exec", cid, "cat", "/data/starts").splitlines()
    expect(starts == ["started"] * 3, f"volume {volume} kept its data over two scale 0 -> 1: {len(starts)} starts")
    # Scale 0 removes the task and its container, and the container's log with it: only the last start's log is left.
    containers = swarm.node(1, "ps", "-aq", "--filter", f"label=com.docker.swarm.service.name={volume_service}")
    expect(len(containers.split()) == 1, "scale 0 removed the earlier tasks' containers (their logs with them)")
    logs = poll("service logs", lambda: swarm.manager("service", "logs", "--raw", volume_service, check=False))
    expect(logs.split() == ["started"], f"docker service logs {volume_service} has the last task's line: {logs}")
    hostname = swarm.node(1, "exec", cid, "hostname")
    expect(bool(hostname), f"exec through node 1's own engine: hostname {hostname}")
    no_new_privs = swarm.node(1, "exec", cid, "grep", "NoNewPrivs", "/proc/1/status").split()
    expect(no_new_privs == ["NoNewPrivs:", "1"], "the task runs with no-new-privileges (the node engine's default)")

    # A restart: a forced update replaces the task (a new container, on the same node: the service is pinned).
    start = time.monotonic()
    swarm.manager("service", "update", "-d", "--force", volume_service)

    def replaced():
        task = swarm.running_task(volume_service)
        return task if task and task[1] != cid else None

    node, new_cid = poll(f"{volume_service} restarted", replaced)
    figures["restart"].append(time.monotonic() - start)
    expect(node == swarm.name(1) and new_cid != cid, f"update --force made a new task on {node}: {new_cid[:12]}")

    # Node 3's engine killed: how long until the manager says Down, and until it is back with its task.
    def node_status(i):
        return swarm.manager("node", "inspect", "--format", "{{.Status.State}}", swarm.name(i), check=False)

    start = time.monotonic()
    run(SCRIPT, "stop-node", "3", env=swarm.script_env)
    poll("node 3 down", lambda: node_status(3) == "down")
    figures["node_down_seen"].append(time.monotonic() - start)
    expect(swarm.running_task(f"{p}-pin2") is not None, "node 3 down: node 2's task still runs")
    start = time.monotonic()
    run(SCRIPT, "start-node", "3", env=swarm.script_env)
    poll("node 3 ready", lambda: node_status(3) == "ready")
    poll(f"{p}-pin3 running again", lambda: swarm.running_task(f"{p}-pin3"))
    figures["node_back"].append(time.monotonic() - start)
    expect(True, f"node 3 back: Ready, {p}-pin3's task running on it again")

    took, _ = timed(swarm.down)
    figures["down"].append(took)
    left = leftovers(p)
    expect(not left, "down left nothing: " + ("; ".join(left) or "no namespace, process, mount, cgroup, directory"))
    engines = run("pgrep", "-x", "dockerd", check=False).split()
    expect(engines == figures["engines_before"], f"the same dockerd processes as before up remain: {engines}")


def report(figures, main, rounds):
    def med(key):
        return statistics.median(figures[key])

    def span(key):
        values = figures[key]
        return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f}"

    rows = [
        ("swarm up (registry, 4 namespaces, 3 engines, push, init, 2 joins, all Ready)", "up", "-"),
        ("service create -> task Running (pinned, first pull on that node)", "create_to_running",
         f"docker run -d: {main['run'] * 1000:.0f}"),
        ("scale 0 -> 1 -> task Running (a start)", "scale_0_to_1", f"docker start: {main['start'] * 1000:.0f}"),
        ("scale 1 -> 0 -> its container stopped (a stop)", "scale_1_to_0", f"docker stop: {main['stop'] * 1000:.0f}"),
        ("service update --force -> new task Running (a restart)", "restart",
         f"docker stop + start: {(main['stop'] + main['start']) * 1000:.0f}"),
        ("a node's engine killed -> the manager says Down", "node_down_seen", "-"),
        ("that engine started again -> node Ready and its pinned task Running", "node_back", "-"),
        ("swarm down (everything removed)", "down", "-"),
    ]
    lines = [
        "# A local three-node swarm, measured",
        "",
        "`make swarm-check` (`bench/swarm_nodes.py`): `scripts/swarm.sh up`, a service pinned to each node, "
        "an overlay, a volume over scale 0 -> 1, `down`; "
        f"{rounds} round(s), {len(figures['create_to_running'])} creations, {len(figures['scale_0_to_1'])} "
        "scales each way. Times are wall clock through the `docker` CLI, a swarm phase polled every ~50 ms "
        "(`docker service ps` and the node engine's `docker ps`) until it is done; the local engine's figures are "
        f"the CLI's own calls (median of {rounds * 3}), the same image and command under `--init`. The shared 2-core "
        "machine, Docker 20.10.24, one manager and two workers, the dispatcher's heartbeat 1 s (`SWARM_HEARTBEAT`).",
        "",
        "| phase | median ms | range ms | the local engine, median ms |",
        "|---|---|---|---|",
    ]
    for label, key, beside in rows:
        lines.append(f"| {label} | {med(key) * 1000:.0f} | {span(key)} | {beside} |")
    lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    figures = {key: [] for key in ("up", "create_to_running", "scale_0_to_1", "scale_1_to_0", "restart",
                                   "node_down_seen", "node_back", "down")}
    run_label = uuid.uuid4().hex[:8]
    for _ in range(args.rounds):
        swarm = Swarm(f"cmchk{uuid.uuid4().hex[:6]}")
        try:
            check_round(swarm, figures)
        except CheckFailed as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            swarm.down()
            left = leftovers(swarm.prefix)
            if left:
                print("and down left: " + "; ".join(left), file=sys.stderr)
            return 1
        except BaseException:
            swarm.down()
            raise
    main = main_engine_figures(3 * args.rounds, run_label)
    text = report(figures, main, args.rounds)
    print(text)
    if not args.no_write:
        with open(RESULTS, "w") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
