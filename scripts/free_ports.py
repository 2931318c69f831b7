#!/usr/bin/env python3
"""Free ports for make cluster on this machine: prints a base port B such that B .. B + count - 1 (HAProxy, the
instances, PostgreSQL) and the instances' management ports (their API port + 1000) are all free.

    scripts/free_ports.py COUNT INSTANCES

The ports are taken below the kernel's ephemeral range, so that no outgoing connection (an instance's to
PostgreSQL, say) can take one of them between this check and the bind. Used by cluster-check.sh and bench/lib.py.
"""
import random
import socket
import sys


def ephemeral_range():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
            low, high = ports.read().split()[:2]
            return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def cluster_base(count, instances):
    span = 1001 + max(count, instances + 1)  # from the base to the last management port
    low, high = ephemeral_range()
    # Below the ephemeral range when it leaves room, else above it.
    first, last = (10000, low - span) if low - span > 10000 else (high + 1, 65535 - span)
    if last <= first:
        raise RuntimeError(f"no room for {span} ports outside the ephemeral range {low}-{high}")
    for _ in range(200):
        base = random.randint(first, last)
        ports = list(range(base, base + count)) + [base + 1000 + i for i in range(1, instances + 1)]
        probes = []
        try:
            for port in ports:
                probe = socket.socket()
                probes.append(probe)
                probe.bind(("", port))  # every address: HAProxy binds *:port
            return base
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError("no free range of ports")


if __name__ == "__main__":
    print(cluster_base(int(sys.argv[1]), int(sys.argv[2])))
