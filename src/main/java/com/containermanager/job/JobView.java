package com.containermanager.job;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A job as its owner reads it: everything but the payload, which no answer returns and which may be large (up to
 * the cmd and env limit per job), so read paths never load it.
 */
public record JobView(
        UUID id,
        long ownerId,
        String type,
        JobStatus status,
        @Nullable String result,
        @Nullable String error,
        @Nullable Long progressCurrent,
        @Nullable Long progressTotal,
        int attempts,
        Instant createdAt,
        Instant updatedAt) {}
