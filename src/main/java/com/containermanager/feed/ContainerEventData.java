package com.containermanager.feed;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The data of an "event: container". */
@Schema(description = "Data of `event: container`")
public record ContainerEventData(
        String containerId,

        @Schema(allowableValues = {"created", "started", "died", "stopped", "oom", "removed", "restarted"})
        String action,

        @Schema(description = "The container's state after it", example = "running")
        String status,

        @Schema(description = "Only on died") @Nullable Long exitCode,
        Instant time) {}
