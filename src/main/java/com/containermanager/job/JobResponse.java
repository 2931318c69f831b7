package com.containermanager.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(
        @Schema(example = "a8b42d45-b67e-4b77-88b9-a573631a06ee")
        String id,

        @Schema(example = "container_creation") String type,

        @Schema(allowableValues = {"pending", "running", "completed", "failed"})
        String status,

        @Schema(description = "Present once the job completed")
        JobResult result,

        @Schema(description = "Why the job failed, or the transient failure it is retrying after")
        String error,

        @Schema(description = "Pull progress in bytes while the image is fetched")
        Progress progress,

        Instant createdAt,
        Instant updatedAt) {

    public record Progress(long current, long total) {}
}
