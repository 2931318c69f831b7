package com.containermanager.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The answer to a keepalive: the container's next stop, null when none comes. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record KeepaliveResponse(
        @Schema(
                description = "When the lifecycle policy stops the container now; null when it will not",
                nullable = true)
        @Nullable
        Instant stopsAt) {}
