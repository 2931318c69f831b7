#!/usr/bin/env python3
"""make soak: a bounded soak test against loopback. 20 users in parallel create, start, stop and delete containers
and upload files at random, including conflicting operations on the same container, for SOAK_SECONDS (300 by
default), under the default per-user limits (403 and 429 are answers, not errors). Meanwhile one hostile client sends
creations with the largest cmd and env allowed, and lists everything at the largest page size, as fast as it can.
Then it checks the guarantees and exits non-zero when one is broken: no job lost or stuck, no container created twice
for one job, every labelled container in the engine has an owner and every owned container exists, no 5xx other than
503, and the service's resident memory stayed under its cap all along; and it prints latency percentiles and memory."""
import argparse
import collections
import os
import random
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import RUN_LABEL, TEST_IMAGE, Engine, Service, ServiceProcess, percentile  # noqa: E402

USERS = 20
RSS_CAP_MB = 400
# The largest cmd and env together (limits.cmd_env_size, 64 KiB): varied letters, so nothing compresses them.
MAX_PAYLOAD = 64 * 1024
LISTS = ["/containers", "/jobs", "/files", "/audit"]
COMMANDS = [["sleep", "3600"], ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], ["true"]]


class Soak:
    def __init__(self, url, seconds):
        self.url = url
        self.seconds = seconds
        self.latencies = collections.defaultdict(list)
        self.statuses = collections.Counter()
        self.server_errors = []
        self.jobs = collections.defaultdict(list)  # user token -> job ids
        self.lock = threading.Lock()

    def record(self, operation, status, seconds):
        with self.lock:
            self.latencies[operation].append(seconds)
            self.statuses[(operation, status)] += 1
            if status >= 500 and status != 503:
                self.server_errors.append((operation, status))

    def call(self, client, operation, method, path, body=None, token=None):
        started = time.perf_counter()
        status, payload = client.call(method, path, body, token)
        self.record(operation, status, time.perf_counter() - started)
        return status, payload

    def user_loop(self, deadline, seed, user):
        rng = random.Random(seed)
        client = Service(self.url)
        user_id, token = user
        while time.monotonic() < deadline:
            action = rng.random()
            if action < 0.25:
                status, body = self.call(client, "create", "POST", "/containers",
                                         {"image": TEST_IMAGE, "cmd": rng.choice(COMMANDS)}, token)
                if status == 200:
                    with self.lock:
                        self.jobs[token].append(body["job_id"])
                continue
            if action < 0.32:
                name = f"f{rng.randrange(5)}.bin"
                self.upload(client, token, name, os.urandom(rng.randrange(1, 64 * 1024)))
                continue
            status, containers = self.call(client, "list", "GET", "/containers", token=token)
            if status != 200 or not containers:
                continue
            target = rng.choice(containers)["id"]
            if action < 0.40:
                self.conflicting(token, target, rng)
            else:
                operation = rng.choice(["start", "start", "stop", "delete"])
                if operation == "delete":
                    self.call(client, "delete", "DELETE", f"/containers/{target}", token=token)
                else:
                    self.call(client, operation, "PATCH", f"/containers/{target}/{operation}?timeout=1", token=token)

    def hostile_loop(self, deadline):
        """One client that sends the largest payloads allowed and lists at the largest page size, without pause."""
        rng = random.Random(7)
        client = Service(self.url)
        _, token = client.new_user("hostile")
        letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(MAX_PAYLOAD))
        half = (MAX_PAYLOAD - 4) // 2
        body = {"image": TEST_IMAGE, "cmd": ["true"],
                "env": ["A=" + letters[:half - 2], "B=" + letters[half:MAX_PAYLOAD - 4 - 2]]}
        with self.lock:
            self.jobs[token] = []
        while time.monotonic() < deadline:
            status, accepted = self.call(client, "hostile-create", "POST", "/containers", body, token)
            if status == 200:
                with self.lock:
                    self.jobs[token].append(accepted["job_id"])
            for path in LISTS:
                self.call(client, "hostile-list", "GET", f"{path}?limit=500", token=token)

    def conflicting(self, token, target, rng):
        """Two operations on one container at once: both must end in 200, 404 or 409, never in an error."""
        operations = rng.sample(["start", "stop", "delete", "start", "stop"], 2)

        def run(operation):
            client = Service(self.url)
            if operation == "delete":
                self.call(client, "delete", "DELETE", f"/containers/{target}", token=token)
            else:
                self.call(client, operation, "PATCH", f"/containers/{target}/{operation}?timeout=1", token=token)

        threads = [threading.Thread(target=run, args=(op,)) for op in operations]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def upload(self, client, token, name, data):
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        started = time.perf_counter()
        status, _, _ = self._raw(client, body, boundary, token)
        self.record("upload", status, time.perf_counter() - started)

    @staticmethod
    def _raw(client, body, boundary, token):
        conn = client.http.factory()
        try:
            conn.request("POST", "/files", body=body, headers={
                "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
            response = conn.getresponse()
            return response.status, None, response.read()
        finally:
            conn.close()

    def run(self):
        # Users first, one after another: password checks are bounded to about the number of cores, and the soak's
        # time is for the operations, not for logins waiting their turn.
        setup = Service(self.url)
        users = [setup.new_user("soak") for _ in range(USERS)]
        deadline = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.user_loop, args=(deadline, seed, users[seed]))
                   for seed in range(USERS)]
        threads.append(threading.Thread(target=self.hostile_loop, args=(deadline,)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def check(self, engine, label_value):
        problems = []
        client = Service(self.url)
        finished = {}
        for token, job_ids in self.jobs.items():
            try:
                finished.update({(token, k): v for k, v in client.await_jobs(token, job_ids, timeout=180).items()})
            except TimeoutError as e:
                problems.append(f"jobs stuck: {e}")
        failed = [job for job in finished.values() if job["status"] == "failed"]
        if failed:
            problems.append(f"{len(failed)} jobs failed, e.g. {failed[0].get('error')}")
        for (token, job_id), job in finished.items():
            copies = engine.list_by_label("container-manager.job", job_id)
            if len(copies) > 1:
                problems.append(f"job {job_id} created {len(copies)} containers")
        labelled = {c["Id"]: c["Labels"].get("container-manager.owner")
                    for c in engine.list_by_label(RUN_LABEL, label_value)}
        owned = {}
        for token in self.jobs:
            status, containers = client.call("GET", "/containers", token=token)
            if status != 200:
                problems.append(f"listing failed with {status}")
                continue
            owned.update({c["id"]: token for c in containers})
        orphans = set(labelled) - set(owned)
        missing = set(owned) - set(labelled)
        if orphans:
            problems.append(f"{len(orphans)} containers in the engine have no owner")
        if missing:
            problems.append(f"{len(missing)} owned containers are missing from the engine")
        if self.server_errors:
            problems.append(f"{len(self.server_errors)} answers 5xx other than 503: "
                            f"{collections.Counter(self.server_errors).most_common(3)}")
        return problems, len(finished), len(labelled)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("SOAK_URL") or os.environ.get("BENCH_URL"))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "300")))
    args = parser.parse_args()
    engine = Engine()
    process = None
    label_value = "external"
    if args.url:
        url = args.url
    else:
        # The default limits, except for registrations: every soak user registers from loopback.
        process = ServiceProcess(env={"AUTH_REGISTRATIONS_PER_HOUR": "0", "LIMITS_OPERATIONS_PER_MINUTE": "0",
                                      "LIMITS_REQUESTS_PER_SECOND": "0"})
        process.start()
        url, label_value = process.url, process.label_value
    try:
        rss_start = process.rss_mb() if process else None
        soak = Soak(url, args.seconds)
        print(f"soaking {url} with {USERS} users for {args.seconds} s ...", flush=True)
        soak.run()
        problems, jobs, containers = soak.check(engine, label_value)
        print(f"{jobs} jobs finished, {containers} containers at the end")
        print("operation       count    p50 ms   p95 ms   p99 ms   statuses")
        for operation, values in sorted(soak.latencies.items()):
            statuses = {s: n for (op, s), n in soak.statuses.items() if op == operation}
            print(f"{operation:<14} {len(values):>6} {percentile(values, .5) * 1000:>9.1f} "
                  f"{percentile(values, .95) * 1000:>8.1f} {percentile(values, .99) * 1000:>8.1f}   {statuses}")
        if process:
            samples = [rss for _, rss in process.rss_samples]
            tenth = max(1, len(samples) // 10)
            early, late = sum(samples[:tenth]) / tenth, sum(samples[-tenth:]) / tenth
            print(f"service memory: {rss_start:.0f} MB at start, {early:.0f} MB early, {late:.0f} MB late, "
                  f"peak {max(samples):.0f} MB")
            if max(samples) > RSS_CAP_MB:
                problems.append(f"memory peaked at {max(samples):.0f} MB, over its cap of {RSS_CAP_MB} MB, while a "
                                f"client sent the largest payloads and listed")
    finally:
        if process:
            process.stop()
        engine.remove_labelled(RUN_LABEL, label_value)
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("all invariants held")


if __name__ == "__main__":
    main()
