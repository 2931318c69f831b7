package com.containermanager.runtime;

import java.util.List;
import java.util.Set;

/**
 * Where this host reaches a container ({@link ContainerRuntime#addresses}): whether it runs, its IPv4 addresses on
 * the networks where the host has an address of its own (a bridge with a gateway on the host; never an internal
 * network without one, whose addresses the host cannot reach), and the TCP ports its image exposes.
 */
public record ContainerAddresses(boolean running, List<String> reachable, Set<Integer> exposedPorts) {

    public ContainerAddresses {
        reachable = List.copyOf(reachable);
        exposedPorts = Set.copyOf(exposedPorts);
    }
}
