package com.containermanager.console;

import com.containermanager.auth.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "observe")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@ApiResponse(responseCode = "503", description = "The container engine is unavailable")
@RestController
class ExecController {

    private final CommandRunner commands;

    ExecController(CommandRunner commands) {
        this.commands = commands;
    }

    @Operation(
            summary = "Run a command to completion in a running container",
            description = "Answers its exit code and output. stdout and stderr are each kept up to a configured cap "
                    + "(1 MiB by default; `truncated` says whether either was cut). timeout_s (default 30, at most the "
                    + "configured maximum, 300) bounds the run: past it the command is killed and `timed_out` is "
                    + "true. The command is recorded in the audit trail.")
    @ApiResponse(responseCode = "200", description = "The command ran")
    @ApiResponse(responseCode = "400", description = "Invalid cmd, env, workdir or timeout_s")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "container not running")
    @PostMapping("/containers/{id}/exec")
    ExecResponse exec(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "Full 64-hex container id") @PathVariable String id,
            @Valid @RequestBody ExecRequest request) {
        return commands.run(user.id(), id, request);
    }
}
