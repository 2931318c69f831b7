package com.containermanager.monitoring;

import com.containermanager.runtime.ContainerStats;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One resource sample as the contract words it; zeros (and the state) for a container that is not running. */
public record StatsResponse(
        @Schema(example = "running", description = "The container's state; every figure is 0 unless running")
        String state,

        @Schema(example = "1.5", description = "Like docker stats: percent of one CPU, up to 100 x CPUs")
        double cpuPercent,

        @Schema(example = "1048576", description = "Memory in use, without the page cache")
        long memoryBytes,

        @Schema(example = "1073741824") long memoryLimitBytes,
        long networkRxBytes,
        long networkTxBytes,
        long blockReadBytes,
        long blockWriteBytes,
        @Schema(example = "1") long pids,
        Instant time) {

    static StatsResponse of(String state, ContainerStats stats) {
        return new StatsResponse(
                state,
                stats.cpuPercent(),
                stats.memoryBytes(),
                stats.memoryLimitBytes(),
                stats.networkRxBytes(),
                stats.networkTxBytes(),
                stats.blockReadBytes(),
                stats.blockWriteBytes(),
                stats.pids(),
                stats.time());
    }

    static StatsResponse idle(String state, Instant time) {
        return of(state, ContainerStats.none(time));
    }
}
