package com.containermanager.console;

import com.containermanager.auth.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "observe")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@ApiResponse(responseCode = "503", description = "The container engine is unavailable")
@RestController
class ExecController {

    private final CommandRunner commands;
    private final JsonMapper json;

    ExecController(CommandRunner commands, JsonMapper json) {
        this.commands = commands;
        this.json = json;
    }

    @Operation(
            summary = "Run a command to completion in a running container",
            description = "Answers its exit code and output. stdout and stderr are each kept up to a configured cap "
                    + "(1 MiB by default; `truncated` says whether either was cut). timeout_s (default 30, at most the "
                    + "configured maximum, 300) bounds the run: past it the command is killed and `timed_out` is "
                    + "true. The command is recorded in the audit trail. At most a configured number of commands run at "
                    + "once per user (4) and per instance (8): past either, 429 with Retry-After.")
    @ApiResponse(
            responseCode = "200",
            description = "The command ran",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExecResponse.class)))
    @ApiResponse(responseCode = "400", description = "Invalid cmd, env, workdir or timeout_s")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "container not running")
    @ApiResponse(
            responseCode = "429",
            description = "limit reached: execs (4), or server busy, or limit reached: operations_per_minute (n)")
    @PostMapping("/containers/{id}/exec")
    void exec(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "Full 64-hex container id, or the container's name") @PathVariable String id,
            @Valid @RequestBody ExecRequest request,
            HttpServletResponse response)
            throws IOException {
        // Written here, from the kept output as it is read, and only then is the slot (the memory) given back.
        try (CommandResult result = commands.run(user.id(), id, request)) {
            response.setStatus(200);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            result.writeJson(json, response.getOutputStream());
        }
    }
}
