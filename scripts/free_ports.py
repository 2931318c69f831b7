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


def ephemeral_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
            return int(ports.read().split()[0])
    except OSError:
        return 32768


def cluster_base(count, instances):
    highest = ephemeral_start() - 1001 - max(count, instances + 1)
    for _ in range(200):
        base = random.randint(10000, highest)
        ports = list(range(base, base + count)) + [base + 1000 + i for i in range(1, instances + 1)]
        probes = []
        try:
            for port in ports:
                probe = socket.socket()
                probes.append(probe)
                probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError("no free range of ports")


if __name__ == "__main__":
    print(cluster_base(int(sys.argv[1]), int(sys.argv[2])))
