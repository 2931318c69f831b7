package com.containermanager.console;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

@Schema(
        description = "A command to run to completion in a running container",
        example = "{\"cmd\": [\"sh\", \"-c\", \"echo hi\"], \"timeout_s\": 10}")
public record ExecRequest(
        @ArraySchema(
                arraySchema = @Schema(example = "[\"sh\", \"-c\", \"echo hi\"]", description = "Command and arguments"))
        @NotEmpty(message = "cmd is required")
        @Size(max = 256, message = "cmd has more than 256 entries")
        List<
                        @NotNull(message = "cmd entries must be strings")
                        @Size(max = 65536, message = "cmd entry too long") String>
                cmd,

        @ArraySchema(arraySchema = @Schema(example = "[\"K=V\"]", description = "KEY=VALUE entries"))
        @Size(max = 256, message = "env has more than 256 entries")
        @Nullable
        List<
                        @NotNull(message = "env entries must be KEY=VALUE")
                        @Pattern(regexp = "[^=\\x00\\s]+=[^\\x00]*", message = "env entries must be KEY=VALUE")
                        @Size(max = 65536, message = "env entry too long") String>
                env,

        @Schema(example = "/", description = "Working directory, an absolute path; the image's own when absent")
        @Pattern(regexp = "/[^\\x00]{0,4095}", message = "workdir must be an absolute path")
        @Nullable
        String workdir,

        @Schema(example = "10", description = "Seconds before the command is killed; at most the configured maximum")
        @Nullable
        Integer timeoutS) {}
