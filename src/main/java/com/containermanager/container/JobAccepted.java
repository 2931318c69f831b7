package com.containermanager.container;

import io.swagger.v3.oas.annotations.media.Schema;

public record JobAccepted(
        @Schema(example = "a8b42d45-b67e-4b77-88b9-a573631a06ee")
        String jobId) {}
