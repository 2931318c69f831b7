package com.containermanager.container;

import java.time.Instant;

/**
 * A lifecycle policy is about to act, or acted, on a container: published on every instance (the instance that acts
 * sends it to the others through PostgreSQL's NOTIFY), so that the owner's feed hears of it wherever it is read.
 * {@code reason} is idle or lifetime for a stop, stopped for a removal; {@code at} is when the stop comes (for
 * {@code STOPPING_SOON}) or came.
 */
public record ContainerPolicyNotice(long ownerId, String containerId, Kind kind, String reason, Instant at) {

    public enum Kind {
        STOPPING_SOON,
        STOPPED,
        DELETED
    }

    String encode() {
        return kind + "\t" + ownerId + "\t" + containerId + "\t" + reason + "\t" + at;
    }

    static ContainerPolicyNotice decode(String payload) {
        String[] parts = payload.split("\t", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("malformed policy notice");
        }
        return new ContainerPolicyNotice(
                Long.parseLong(parts[1]), parts[2], Kind.valueOf(parts[0]), parts[3], Instant.parse(parts[4]));
    }
}
