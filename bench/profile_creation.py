#!/usr/bin/env python3
"""Where a creation's CPU goes: a warm service (make run's JVM settings) makes CREATIONS containers from 8 clients
while JFR samples it; the CPU of the service's JVM, its PostgreSQL and the engine (dockerd + containerd) is read
from /proc over the same window, and the engine alone makes as many from 8 clients for its own figure. Writes
bench/results/profile-creation.md (the hottest frames, the share of each library) and keeps the .jfr in target/.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from lib import ROOT, RUN_LABEL, Engine, Service, ServiceProcess  # noqa: E402
from cpu import by_kind_ms, clock_ms, engine_pids, postgres_pids, threads_ms  # noqa: E402

TEST_IMAGE = os.environ.get("TEST_IMAGE", "cm-test/busybox:latest")
JAVA_HOME = os.environ.get("JAVA_HOME") or subprocess.check_output(
    [os.path.join(ROOT, "scripts", "java-home.sh")], text=True).strip()
# One user per client; the per-user limits that would stop a thousand creations are lifted for this process only.
LIFTED = {"AUTH_REGISTRATIONS_PER_HOUR": "10000", "LIMITS_OPERATIONS_PER_MINUTE": "0",
          "LIMITS_REQUESTS_PER_SECOND": "0",
          "LIMITS_CONTAINERS": "100000", "LIMITS_UNFINISHED_JOBS": "100000",
          "LIMITS_CREATIONS_PER_MINUTE": "100000"}
# Where a sampled stack spends its time, by the first frame (from the top) that belongs to one of these.
CATEGORIES = [
    ("logging (logback, slf4j)", ("ch.qos.logback", "org.slf4j")),
    ("JSON (Jackson)", ("tools.jackson", "com.fasterxml.jackson")),
    ("validation (Hibernate Validator)", ("org.hibernate.validator",)),
    ("security (Spring Security, JWT)", ("org.springframework.security", "com.nimbusds")),
    ("JDBC driver (PostgreSQL)", ("org.postgresql",)),
    ("connection pool (Hikari)", ("com.zaxxer.hikari",)),
    ("metrics (Micrometer)", ("io.micrometer",)),
    ("Spring JDBC and transactions", ("org.springframework.jdbc", "org.springframework.transaction")),
    ("web server (Tomcat)", ("org.apache.catalina", "org.apache.coyote", "org.apache.tomcat")),
    ("Spring MVC", ("org.springframework.web",)),
    ("the service's own code", ("com.containermanager",)),
]


def psql(process, sql):
    """One statement on the service's embedded PostgreSQL, as its superuser; rows as tab-separated lines."""
    data = os.path.join(process.data_dir, "data")
    with open(os.path.join(data, "postgres", "postmaster.pid")) as pid_file:
        port = pid_file.read().splitlines()[3].strip()
    with open(os.path.join(data, "postgres-password")) as password:
        env = dict(os.environ, PGPASSWORD=password.read().strip())
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-AtX",
                           "-F", "\t", "-c", sql], env=env, check=True, capture_output=True, text=True).stdout


def database_counts(process, service):
    """What the database and the service have done so far: transactions, WAL flushes, requests answered."""
    xacts, fsyncs = psql(process, "select (select xact_commit + xact_rollback from pg_stat_database "
                                  "where datname = 'postgres'), (select coalesce(sum(fsyncs), 0) from pg_stat_io "
                                  "where object = 'wal')").split()
    return {"transactions": int(xacts), "WAL flushes (fsync)": int(float(fsyncs)),
            "HTTP requests": service.metric("http_server_requests_seconds_count")}


def statements(process):
    """Every statement since the reset, top-level and nested (in triggers), with its calls."""
    rows = psql(process, "select toplevel, calls, regexp_replace(query, '\\s+', ' ', 'g') "
                         "from pg_stat_statements order by calls desc")
    return [(top == "t", int(calls), query) for top, calls, query in
            (line.split("\t", 2) for line in rows.splitlines() if line)]


def cell(query):
    """A statement's text, shortened, as a table cell."""
    return query[:160].replace("|", "\\|")


def jfr(*args):
    return subprocess.run([os.path.join(JAVA_HOME, "bin", *args[:1]), *args[1:]], check=True, capture_output=True,
                          text=True).stdout


def create_all(service, users, count):
    per_user = [[] for _ in users]

    def submit(i):
        user = i % len(users)
        status, body = service.call("POST", "/containers", {"image": TEST_IMAGE, "cmd": ["true"]}, users[user][1])
        assert status == 200, (status, body)
        per_user[user].append(body["job_id"])

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(submit, range(count)))
    # Waits on the last job of each user (a user's jobs run oldest first), a few reads a second: polling as the
    # bench's await_jobs does (every 5 ms) would put hundreds of job reads a second into the profile of creation.
    for (_, token), jobs in zip(users, per_user):
        while service.call("GET", f"/jobs/{jobs[-1]}", token=token)[1]["status"] not in ("completed", "failed"):
            time.sleep(0.25)
    ids = []
    for (_, token), jobs in zip(users, per_user):
        for job in service.await_jobs(token, jobs).values():
            assert job["status"] == "completed", job
            ids.append((token, job["result"]["container_id"]))
    return ids


def delete_all(service, ids):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda item: service.call("DELETE", f"/containers/{item[1]}", token=item[0]), ids))


def analyse(recording):
    events = json.loads(jfr("jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample",
                            recording))["recording"]["events"]
    top, category, own, ours = (collections.Counter() for _ in range(4))
    for event in events:
        frames = [f"{f['method']['type']['name']}.{f['method']['name']}".replace("/", ".")
                  for f in event["values"]["stackTrace"]["frames"]]
        if not frames:
            continue
        top[frames[0]] += 1
        for name, prefixes in CATEGORIES:
            if any(frame.startswith(prefixes) for frame in frames):
                category[name] += 1
        own[next((name for frame in frames for name, prefixes in CATEGORIES if frame.startswith(prefixes)),
                 "the JDK only")] += 1
        for frame in set(frames):
            if frame.startswith("com.containermanager."):
                ours[frame] += 1
    return len(events), top, category, own, ours


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--creations", type=int, default=int(os.environ.get("CREATIONS", "1000")))
    parser.add_argument("--warm-up", type=int, default=int(os.environ.get("WARMUP", "0")) or None,
                        help="untimed creations first, in rounds of at most 1,000 (default: as many as measured)")
    args = parser.parse_args()
    count = args.creations
    warm_up = args.warm_up or count
    with open("/proc/loadavg") as loadavg:
        load = " ".join(loadavg.read().split()[:3])
    # pg_stat_statements counts every statement (and those in triggers): it is loaded at PostgreSQL's start, so the
    # service starts once to make its data folder, and again with the library loaded.
    process = ServiceProcess(env=LIFTED)
    process.start()
    psql(process, "alter system set shared_preload_libraries = 'pg_stat_statements'")
    psql(process, "alter system set pg_stat_statements.track = 'all'")
    process.stop()
    process = ServiceProcess(data_dir=process.data_dir, label_value=process.label_value, env=LIFTED)
    process.start()
    psql(process, "create extension if not exists pg_stat_statements")
    service, engine = Service(process.url, process.metrics_url), Engine()
    try:
        users = [service.new_user("profile") for _ in range(8)]
        print(f"warming up: {warm_up} creations and deletions, untimed", flush=True)
        for done in range(0, warm_up, 1000):
            delete_all(service, create_all(service, users, min(1000, warm_up - done)))
        recording = os.path.join(ROOT, "target", f"profile-creation-{process.port}.jfr")
        jfr("jcmd", str(process.process.pid), "JFR.start", "name=creation", "settings=profile", f"filename={recording}")
        pg, dockerd = postgres_pids(process.data_dir), engine_pids()
        psql(process, "select pg_stat_statements_reset()")
        # A backend reports its counts at most once a second, an idle one within ten: read them after that.
        time.sleep(11)
        counted_before = database_counts(process, service)
        threads_before, kinds_before = threads_ms(process.process.pid), by_kind_ms(pg)
        before = (process.cpu_ms(), clock_ms(pg, True), clock_ms(dockerd), time.perf_counter())
        ids = create_all(service, users, count)
        after = (process.cpu_ms(), clock_ms(pg, True), clock_ms(dockerd), time.perf_counter())
        threads_after, kinds_after = threads_ms(process.process.pid), by_kind_ms(pg)
        jfr("jcmd", str(process.process.pid), "JFR.stop", "name=creation")
        ran = statements(process)
        time.sleep(11)
        counted_after = database_counts(process, service)
        network = engine.network_like(ids[0][1], {RUN_LABEL: process.label_value})
        delete_all(service, ids)

        started, engine_cpu = time.perf_counter(), clock_ms(dockerd)
        labels = {RUN_LABEL: process.label_value, "container-manager.bench-direct": "true"}
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            direct = list(pool.map(lambda _: engine.create(TEST_IMAGE, ["true"], labels, network=network),
                                   range(count)))
        engine_alone = ((clock_ms(dockerd) - engine_cpu) / count, time.perf_counter() - started)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(engine.remove, direct))
    finally:
        process.stop()
        engine.remove_labelled(RUN_LABEL, process.label_value)

    jvm, postgres, dockerd_ms = ((after[i] - before[i]) / count for i in range(3))
    samples, top, category, own, ours = analyse(recording)
    lines = ["# Where a creation's CPU goes", "",
             f"`make profile-creation`: {count} creations from 8 clients on a warm service (after "
             f"{warm_up} untimed), make run's JVM settings, JFR `profile` settings; CPU from /proc over the same "
             "window.",
             "", "| per creation | service JVM | its PostgreSQL | engine (dockerd + containerd) | wall, all |",
             "|---|---|---|---|---|",
             f"| through the service | {jvm:.1f} ms | {postgres:.1f} ms | {dockerd_ms:.1f} ms | "
             f"{after[3] - before[3]:.1f} s |",
             f"| the engine alone, 8 clients, on a network like the user's | | | {engine_alone[0]:.1f} ms | "
             f"{engine_alone[1]:.1f} s |", "",
             f"(service JVM + PostgreSQL) / engine alone: {(jvm + postgres) / engine_alone[0]:.2f} x; load average "
             f"before the run {load}", "",
             "## The JVM's CPU per creation by thread", "",
             "From /proc/<pid>/task over the same window, by thread name (digits dropped). The JIT's compilers and "
             "the collector are not the creation's own work; JFR's samples below see only Java code.", "",
             "| thread | per creation | share |", "|---|---|---|"]
    by_thread = {name: threads_after.get(name, 0) - threads_before.get(name, 0) for name in threads_after}
    spent = sum(by_thread.values()) or 1
    lines += [f"| {name} | {ms / count:.2f} ms | {ms * 100 / spent:.1f} % |"
              for name, ms in sorted(by_thread.items(), key=lambda item: -item[1]) if ms * 200 >= spent]
    lines += ["", "## PostgreSQL's CPU per creation by process", "",
              "Its processes found before the window (a worker that starts and ends inside it is not counted).", "",
              "| process | per creation |", "|---|---|"]
    by_kind = {kind: kinds_after.get(kind, 0) - kinds_before.get(kind, 0) for kind in kinds_after}
    lines += [f"| {kind} | {ms / count:.2f} ms |" for kind, ms in sorted(by_kind.items(), key=lambda item: -item[1])
              if ms > 0]
    lines += ["", "## What one creation does (per creation, over the same window)", "",
              "From the service's metrics and PostgreSQL's own statistics (pg_stat_database, pg_stat_io, "
              "pg_stat_statements with nested statements, loaded for this run); everything the service did in the "
              "window counts (the client's few polls, the lease renewals, the health checks).", "",
              "| what | per creation |", "|---|---|"]
    lines += [f"| {name} | {(counted_after[name] - counted_before[name]) / count:.2f} |" for name in counted_before]
    top_level = [(calls, query) for top, calls, query in ran if top]
    nested = [(calls, query) for top, calls, query in ran if not top]
    notifies = sum(calls for _, calls, query in ran if "pg_notify" in query)
    lines += [f"| statements sent (BEGIN, SET and COMMIT included) | {sum(c for c, _ in top_level) / count:.2f} |",
              f"| statements run by triggers and functions | {sum(c for c, _ in nested) / count:.2f} |",
              f"| statements that notify (pg_notify, one notification each per row) | {notifies / count:.2f} |",
              "", "The statements sent, at least one per ten creations:", "", "| per creation | statement |",
              "|---|---|"]
    lines += [f"| {calls / count:.2f} | `{cell(query)}` |" for calls, query in top_level if calls * 10 >= count]
    lines += ["", "Run by triggers:", "", "| per creation | statement |", "|---|---|"]
    lines += [f"| {calls / count:.2f} | `{cell(query)}` |" for calls, query in nested if calls * 10 >= count]
    lines += ["", f"## Share of the JVM's CPU samples ({samples}), by what the stack passes through", "",
              "Own: the sample goes to the library of its topmost frame that belongs to one (JDK frames above it count "
              "for that library). Passed through: every library on the stack, so those add up to more than 100 % "
              "(Tomcat, Spring MVC and Spring Security's filters are under nearly every request).",
              "", "| library | own | passed through |", "|---|---|---|"]
    lines += [f"| {name} | {own[name] * 100 / samples:.1f} % | {category[name] * 100 / samples:.1f} % |"
              for name, _ in CATEGORIES]
    lines += [f"| the JDK only (no library frame on the stack) | {own['the JDK only'] * 100 / samples:.1f} % | |"]
    lines += ["", "## The 25 hottest frames (self time)", "", "| frame | share |", "|---|---|"]
    lines += [f"| `{frame}` | {n * 100 / samples:.1f} % |" for frame, n in top.most_common(25)]
    lines += ["", "## The service's own methods, by the samples under them (inclusive)", "", "| method | share |",
              "|---|---|"]
    lines += [f"| `{frame}` | {n * 100 / samples:.1f} % |" for frame, n in ours.most_common(25)]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "bench", "results", "profile-creation.md"), "w") as out:
        out.write(text)
    print(text)
    print(f"recording: {recording}")


if __name__ == "__main__":
    main()
