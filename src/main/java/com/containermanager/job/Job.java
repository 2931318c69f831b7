package com.containermanager.job;

import java.time.Instant;
import java.util.UUID;

/** A job as stored; payload and result are JSON text, read by the job's handler and by the API respectively. */
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
