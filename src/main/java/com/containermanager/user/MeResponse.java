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
            Usage storageBytes) {

        public static UsageResponse of(Map<String, Usage> usage) {
            return new UsageResponse(
                    usage.get(LimitSettings.CONTAINERS),
                    usage.get(LimitSettings.RUNNING_CONTAINERS),
                    usage.get(LimitSettings.UNFINISHED_JOBS),
                    usage.get(LimitSettings.CREATIONS_PER_MINUTE),
                    usage.get(LimitSettings.FILES),
                    usage.get(LimitSettings.STORAGE_BYTES));
        }
    }
}
