package com.containermanager.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as a worker claims it: what its handler and the runner need, the payload (JSON text) included. Read paths use
 * {@link JobView}, which has everything else and never the payload.
 */
public record Job(UUID id, long ownerId, String type, String payload, int attempts, Instant createdAt) {}
