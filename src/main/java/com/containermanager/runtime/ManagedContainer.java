package com.containermanager.runtime;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A container of this installation as a list call shows it: the owner and creation job its labels name, when it
 * was created, its state, its exit code once it exited, and the machine it runs on when the runtime has several (a
 * Swarm node's name; null on one engine, or before its first start).
 */
public record ManagedContainer(
        String id,
        long ownerId,
        @Nullable UUID jobId,
        Instant createdAt,
        String state,
        @Nullable Long exitCode,
        @Nullable String node) {

    /** On one engine: no node. */
    public ManagedContainer(
            String id, long ownerId, @Nullable UUID jobId, Instant createdAt, String state, @Nullable Long exitCode) {
        this(id, ownerId, jobId, createdAt, state, exitCode, null);
    }
}
