package com.containermanager.runtime;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A container of this installation as its labels describe it: the owner and creation job it was made for. */
public record ManagedContainer(
        String id, long ownerId, @Nullable UUID jobId, Instant createdAt) {}
