package com.containermanager.console;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

public record ExecResponse(
        @Schema(example = "0", description = "The command's exit code (137 when it was killed at its timeout)")
        @Nullable
        Long exitCode,

        @Schema(example = "hi\n") String stdout,
        @Schema(example = "") String stderr,

        @Schema(description = "Whether stdout or stderr was cut at the configured cap (1 MiB each by default)")
        boolean truncated,

        @Schema(description = "Whether the command was killed because it outlived its timeout")
        boolean timedOut) {}
