package com.containermanager.file;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

public record FileResponse(
        @Schema(example = "notes.txt") String name,

        @Schema(example = "1024", description = "Size in bytes")
        long size,

        Instant modifiedAt) {}
