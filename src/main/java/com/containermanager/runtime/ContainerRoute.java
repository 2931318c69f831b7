package com.containermanager.runtime;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * How this host reaches a container's ports ({@link ContainerRuntime#route}): whether it runs, and the address to
 * connect to: the container's own (a network where the host has an address), or its owner's relay on the relay
 * network ({@code relayPort}), which is told the container's address on the user's network ({@code relayedTo}) in
 * a header line and answers one byte ({@link #RELAY_READY}) once it is connected. No address: the host cannot reach
 * it (a network that is none of the service's, or none at all).
 */
public record ContainerRoute(
        boolean running,
        @Nullable String address,
        int relayPort,
        @Nullable String relayedTo,
        @Nullable String relayKey) {

    /** What the relay answers once the container's port accepted the connection. */
    public static final int RELAY_READY = 'O';

    public static ContainerRoute direct(boolean running, String address) {
        return new ContainerRoute(running, address, 0, null, null);
    }

    public static ContainerRoute relayed(String relay, int relayPort, String container) {
        return new ContainerRoute(true, relay, relayPort, container, null);
    }

    /** Through a relay that takes only lines that begin with its key (one that others than the host can reach). */
    public static ContainerRoute relayed(String relay, int relayPort, String container, String key) {
        return new ContainerRoute(true, relay, relayPort, container, key);
    }

    public static ContainerRoute unreachable(boolean running) {
        return new ContainerRoute(running, null, 0, null, null);
    }

    public boolean reachable() {
        return address != null;
    }

    public boolean relayed() {
        return relayedTo != null;
    }

    /** The port to connect to for this port of the container. */
    public int connectPort(int port) {
        return relayed() ? relayPort : port;
    }

    /** What to send before anything else: the relay's header line (its key first, when it has one), or nothing. */
    public byte[] preamble(int port) {
        if (!relayed()) {
            return new byte[0];
        }
        String line = (relayKey == null ? "" : relayKey + " ") + relayedTo + " " + port + "\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The key stays out of logs and messages. */
    @Override
    public String toString() {
        return "ContainerRoute[running=" + running + ", address=" + address + ", relayPort=" + relayPort
                + ", relayedTo=" + relayedTo + ", keyed=" + (relayKey != null) + "]";
    }
}
