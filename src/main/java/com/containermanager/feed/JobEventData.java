package com.containermanager.feed;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The data of an "event: job". */
@Schema(description = "Data of `event: job`")
public record JobEventData(
        String jobId,
        @Schema(example = "container_creation") String type,

        @Schema(allowableValues = {"pending", "running", "completed", "failed"})
        String status,

        @Nullable Progress progress,
        @Nullable Map<String, Object> result,
        @Nullable String error,
        Instant time) {

    public record Progress(long current, long total) {}
}
