package com.containermanager.appproxy.forwarding;

import com.containermanager.runtime.ContainerRoute;
import java.net.InetSocketAddress;

/**
 * Where a proxied connection goes: the address to connect to and, through a relay, the header line to send first;
 * the relay answers {@link ContainerRoute#RELAY_READY} once the app's port accepted, and closes with nothing when it
 * did not (or refused the target), which is the app being unreachable.
 */
public record Upstream(InetSocketAddress address, byte[] preamble) {

    public static Upstream direct(InetSocketAddress address) {
        return new Upstream(address, new byte[0]);
    }

    /** To this port of the container, on the route the runtime gave. */
    public static Upstream of(ContainerRoute route, int port) {
        return new Upstream(new InetSocketAddress(route.address(), route.connectPort(port)), route.preamble(port));
    }

    boolean relayed() {
        return preamble.length > 0;
    }
}
