package com.containermanager.limits;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.function.LongSupplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Each user's limits; 0 turns a count or rate off. containers: containers owned (including those whose creation is
 * still a job); runningContainers: running at once; unfinishedJobs: pending or running jobs; creationsPerMinute:
 * container creations accepted in any 60 s; files: files stored. cmdEnvSize: cmd and env of one container together.
 * runningCpus and runningMemory: the CPUs and memory of the owner's running containers together, by their profiles
 * (0: off). operationsPerMinute: container starts, stops, restarts, execs and console opens in a clock minute
 * ({@link OperationRate}).
 * volumes and volumeBytes: the user's volumes, and their sizes together (0: off). requestsPerSecond and
 * requestBurst: API requests to one instance, as a token bucket ({@link RequestRate}; 0 per second: off).
 */
@Validated
@ConfigurationProperties("cm.limits")
public record LimitSettings(
        @Min(0) int containers,
        @Min(0) int runningContainers,
        @Min(0) int unfinishedJobs,
        @Min(0) int creationsPerMinute,
        @Min(0) int files,
        @NotNull DataSize cmdEnvSize,
        @DecimalMin("0") double runningCpus,
        @NotNull DataSize runningMemory,
        @Min(0) int operationsPerMinute,
        @Min(0) int volumes,
        @NotNull DataSize volumeBytes,
        @Min(0) int requestsPerSecond,
        @Min(0) int requestBurst) {

    public static final String CONTAINERS = "containers";
    public static final String RUNNING_CONTAINERS = "running_containers";
    public static final String UNFINISHED_JOBS = "unfinished_jobs";
    public static final String CREATIONS_PER_MINUTE = "creations_per_minute";
    public static final String FILES = "files";
    public static final String STORAGE_BYTES = "storage_bytes";
    /** CPUs of the running containers; in usage maps in thousandths (Usage counts whole numbers). */
    public static final String RUNNING_CPUS = "running_cpus";

    public static final String RUNNING_MEMORY_BYTES = "running_memory_bytes";
    public static final String VOLUMES = "volumes";
    /** The sizes of the user's volumes together (what they may fill, not what they hold). */
    public static final String VOLUME_BYTES = "volume_bytes";

    public static final String OPERATIONS_PER_MINUTE = "operations_per_minute";

    /** Whether one more would pass this limit, when {@code used} are taken already; never for a limit of 0. */
    public static boolean reached(long limit, long used) {
        return limit > 0 && used >= limit;
    }

    /** The same, counting what is used (a query, say) only for a limit that is on. */
    public static boolean reached(long limit, LongSupplier used) {
        return limit > 0 && used.getAsLong() >= limit;
    }
}
