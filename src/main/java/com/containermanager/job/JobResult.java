package com.containermanager.job;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a completed job produced, as the API shows it. Typed, so the OpenAPI document says exactly what a client
 * reads (a container_creation job's container id is a string); handlers store their result as JSON, read into this.
 */
@Schema(description = "What a completed job produced")
public record JobResult(
        @Schema(
                description = "The created container's full id (container_creation jobs)",
                example = "b63595e69fa5377cb565ece4b962118a544e82c0c101e6ccd5c1cb12b79e6f65")
        @Nullable
        String containerId,

        @Schema(description = "The deleted user's id (user_deletion jobs)", example = "7") @Nullable
        String userId,

        @Schema(
                description = "How many of each kind the user owned were removed (user_deletion jobs)",
                example = "{\"containers\": 2, \"files\": 5, \"jobs\": 3}")
        @Nullable
        Map<String, Long> removed) {}
