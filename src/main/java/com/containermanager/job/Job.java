package com.containermanager.job;

import java.time.Instant;
import java.util.UUID;

/** A job as a worker claims it, with its payload (JSON text, for the handler); read paths use {@link JobView}. */
public record Job(
        UUID id,
        long ownerId,
        String type,
        JobStatus status,
        String payload,
        String result,
        String error,
        Long progressCurrent,
        Long progressTotal,
        int attempts,
        Instant createdAt,
        Instant updatedAt) {}
