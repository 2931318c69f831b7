package com.containermanager.container;

import com.containermanager.container.runtime.ContainerDetails;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerResponse(
        @Schema(example = "b63595e69fa5377cb565ece4b962118a544e82c0c101e6ccd5c1cb12b79e6f65")
        String id,

        @Schema(example = "cm-a8b42d45-b67e-4b77-88b9-a573631a06ee")
        String name,

        @Schema(example = "alpine") String image,

        @Schema(example = "[\"tail\", \"-f\", \"/dev/null\"]")
        List<String> cmd,

        @Schema(example = "[]") List<String> env,

        @Schema(allowableValues = {"created", "running", "paused", "restarting", "removing", "exited", "dead"})
        String status,

        Instant createdAt,

        @Schema(description = "Engine state details; only on GET /containers/{id}")
        ContainerDetails.State state) {}
