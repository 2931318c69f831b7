package com.containermanager.job;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A job's status or progress changed, in any instance: heard from PostgreSQL's notifications (after the change
 * committed) and published in every instance that listens. {@code result} is set once completed, {@code error}
 * when failed or waiting to be retried.
 */
public record JobChanged(
        UUID jobId,
        long ownerId,
        String type,
        JobStatus status,
        @Nullable Long progressCurrent,
        @Nullable Long progressTotal,
        @Nullable Map<String, Object> result,
        @Nullable String error,
        Instant time) {}
