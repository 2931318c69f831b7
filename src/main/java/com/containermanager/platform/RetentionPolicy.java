package com.containermanager.platform;

import java.time.Duration;
import java.time.Instant;

/**
 * Rows a module deletes once they are older than its retention; {@link RetentionSweeper} runs every policy on a
 * supervised loop, in small batches, so that no delete holds many locks or runs long.
 */
public interface RetentionPolicy {

    /** What is deleted, for logs and the loop's name ("jobs", "audit"). */
    String name();

    Duration retention();

    /** Deletes at most {@code batch} rows older than the cutoff; returns how many it deleted. */
    int deleteOlderThan(Instant cutoff, int batch);
}
