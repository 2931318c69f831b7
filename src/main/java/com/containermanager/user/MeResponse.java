package com.containermanager.user;

import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.Usage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** The caller and their usage of each limit (a limit of 0 means no limit). */
public record MeResponse(
        @Schema(example = "7") String id,
        @Schema(example = "alice") String username,

        @Schema(
                example = "user",
                allowableValues = {"user", "admin"})
        String role,

        UsageResponse usage) {

    public record UsageResponse(
            Usage containers,
            Usage runningContainers,
            Usage unfinishedJobs,

            @Schema(description = "Container creations in the last 60 seconds")
            Usage creationsPerMinute,

            Usage files,

            @Schema(description = "Bytes stored, against the storage quota")
            Usage storageBytes,

            @Schema(description = "CPUs of the running containers by their profiles, against limits.running_cpus")
            CpuUsage runningCpus,

            @Schema(description = "Memory of the running containers by their profiles, against limits.running_memory")
            Usage runningMemoryBytes,

            @Schema(description = "Container starts, stops, restarts, execs and console opens in this clock minute")
            Usage operationsPerMinute,

            @Schema(description = "Volumes, against limits.volumes")
            Usage volumes,

            @Schema(description = "The sizes of the volumes together, against limits.volume_bytes")
            Usage volumeBytes) {

        public static UsageResponse of(Map<String, Usage> usage) {
            return new UsageResponse(
                    usage.get(LimitSettings.CONTAINERS),
                    usage.get(LimitSettings.RUNNING_CONTAINERS),
                    usage.get(LimitSettings.UNFINISHED_JOBS),
                    usage.get(LimitSettings.CREATIONS_PER_MINUTE),
                    usage.get(LimitSettings.FILES),
                    usage.get(LimitSettings.STORAGE_BYTES),
                    CpuUsage.ofThousandths(usage.get(LimitSettings.RUNNING_CPUS)),
                    usage.get(LimitSettings.RUNNING_MEMORY_BYTES),
                    usage.get(LimitSettings.OPERATIONS_PER_MINUTE),
                    usage.get(LimitSettings.VOLUMES),
                    usage.get(LimitSettings.VOLUME_BYTES));
        }
    }

    /** CPUs are not whole: the usage source counts them in thousandths. */
    public record CpuUsage(
            @Schema(example = "1.5") double used,

            @Schema(example = "4", description = "0: no limit")
            double limit) {

        public static CpuUsage ofThousandths(Usage usage) {
            return new CpuUsage(usage.used() / 1000.0, usage.limit() / 1000.0);
        }
    }
}
