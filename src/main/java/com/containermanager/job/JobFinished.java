package com.containermanager.job;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A job ended, completed or failed. Published inside the transaction that records the outcome, so that a
 * synchronous listener's writes (the audit row) commit with it or not at all. {@code detail} is the result's
 * first value on completion (the container id) and the error on failure.
 */
public record JobFinished(
        UUID jobId,
        long ownerId,
        String type,
        JobStatus status,
        @Nullable String detail) {}
