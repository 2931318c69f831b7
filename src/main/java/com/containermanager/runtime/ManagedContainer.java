package com.containermanager.runtime;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A container of this installation as a list call shows it: the owner and creation job its labels name, when it
 * was created, its state, and its exit code once it exited.
 */
public record ManagedContainer(
        String id,
        long ownerId,
        @Nullable UUID jobId,
        Instant createdAt,
        String state,
        @Nullable Long exitCode) {}
