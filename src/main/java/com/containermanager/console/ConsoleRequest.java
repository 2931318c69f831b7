package com.containermanager.console;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

@Schema(description = "What the console runs: /bin/sh unless cmd is given", example = "{\"cmd\": [\"/bin/sh\"]}")
public record ConsoleRequest(
        @ArraySchema(arraySchema = @Schema(example = "[\"/bin/sh\"]"))
        @Size(min = 1, max = 256, message = "cmd must have 1 to 256 entries")
        @Nullable
        List<
                        @NotNull(message = "cmd entries must be strings")
                        @Size(max = 65536, message = "cmd entry too long") String>
                cmd) {

    static final List<String> DEFAULT_CMD = List.of("/bin/sh");

    List<String> cmdOrShell() {
        return cmd == null ? DEFAULT_CMD : cmd;
    }
}
