package com.containermanager.runtime;

import java.time.Instant;

/**
 * One resource sample of a container, computed as {@code docker stats} does: CPU from the difference between this
 * sample and the previous one (of all CPUs, so up to 100 x CPUs), memory without the page cache. All zero when
 * the container is not running ({@code sampled} false).
 */
public record ContainerStats(
        boolean sampled,
        double cpuPercent,
        long memoryBytes,
        long memoryLimitBytes,
        long networkRxBytes,
        long networkTxBytes,
        long blockReadBytes,
        long blockWriteBytes,
        long pids,
        Instant time) {

    public static ContainerStats none(Instant time) {
        return new ContainerStats(false, 0, 0, 0, 0, 0, 0, 0, 0, time);
    }
}
