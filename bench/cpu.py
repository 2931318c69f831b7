"""CPU time of processes from /proc: the service's JVM, its PostgreSQL and the Docker engine (dockerd and containerd;
not the shims and runc, the same on both sides of a ratio), read before and after an operation so that each figure
can show what it cost each of them (user + system time). Standard library only."""
import os

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def clock_ms(pids, waited=False):
    """CPU milliseconds the processes have used so far (user + system); a process gone counts nothing. waited: with
    that of their children that ended and were waited for (PostgreSQL's autovacuum workers and closed backends),
    which the kernel adds to the parent's."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            if waited:
                total += int(fields[13]) + int(fields[14])
        except OSError:
            pass
    return total * TICK_MS


def pids_where(predicate):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if predicate(cmdline.read().replace(b"\0", b" ").decode(errors="replace")):
                        found.append(int(entry))
            except OSError:
                pass
    return found


def children_of(parents):
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) in parents:
                        children.append(int(entry))
            except OSError:
                pass
    return children


def postgres_pids(marker):
    """The service's PostgreSQL: its postmaster (whose command line holds the marker: the data folder, or make
    cluster's port) and its children (the backends), each once."""
    masters = pids_where(lambda c: "postgres" in c and marker in c)
    return sorted(set(masters + children_of(masters)))


def by_kind_ms(pids):
    """CPU milliseconds so far of each process, by its kind: the command line with addresses and digits dropped
    ("postgres: walwriter", "postgres: postgres postgres 127.0.0.1 idle": a backend)."""
    kinds = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                kind = cmdline.read().replace(b"\0", b" ").decode(errors="replace").strip()
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kind = "backend" if "127.0.0.1" in kind or "[local]" in kind else kind.split(" -D ")[0].rstrip("0123456789 ")
        kinds[kind] = kinds.get(kind, 0) + (int(fields[11]) + int(fields[12])) * TICK_MS
    return kinds


def engine_pids():
    return pids_where(lambda c: c.startswith("dockerd ") or c.startswith("containerd "))


def threads_ms(pid):
    """CPU milliseconds so far by thread name (digits dropped: "C2 CompilerThread0" and "1" count together)."""
    by_name = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")].rstrip("0123456789-#")
        fields = text.rsplit(")", 1)[1].split()
        by_name[name] = by_name.get(name, 0) + (int(fields[11]) + int(fields[12])) * TICK_MS
    return by_name


class Meter:
    """The service's JVM, its PostgreSQL (when it is the embedded one under data_dir) and the engine, read together.
    The processes are found by refresh() (a scan of /proc, too slow to run around every operation): the pool's
    backends are open by the time a figure is measured."""

    def __init__(self, jvm_pids=(), data_dir=None):
        """jvm_pids: the service's JVMs (several for a cluster); data_dir: what the postmaster's command line holds
        (postgres_pids)."""
        self.jvm_pids, self.data_dir = list(jvm_pids), data_dir
        self.refresh()

    def refresh(self):
        self.database = postgres_pids(self.data_dir) if self.data_dir else None
        self.engine = engine_pids()

    def read(self):
        return {"service": clock_ms(self.jvm_pids) if self.jvm_pids else None,
                "database": clock_ms(self.database, waited=True) if self.database is not None else None,
                # Not the engine's waited-for children: containerd reaps the shims (and their runc) when a container
                # stops, often in the next operation's window, which may be the other side's.
                "engine": clock_ms(self.engine)}


class Totals:
    """CPU added up over several measured stretches (interleaved with others that must not count), then per
    operation."""

    def __init__(self, meter):
        self.meter, self.sums, self.operations = meter, {}, 0
        meter.refresh()

    def measure(self, operation, count=1):
        before = self.meter.read()
        result = operation()
        self.add(before, self.meter.read(), count)
        return result

    def add(self, before, after, count):
        for key, value in after.items():
            if value is not None and before[key] is not None:
                self.sums[key] = self.sums.get(key, 0) + value - before[key]
        self.operations += count

    def per_operation(self, key):
        return self.sums[key] / self.operations if key in self.sums and self.operations else None
