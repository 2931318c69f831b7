package com.containermanager.console;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.container.OwnershipCheck;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "observe")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@RestController
class ConsoleController {

    private final OwnershipCheck owned;
    private final ConsoleTickets tickets;

    ConsoleController(OwnershipCheck owned, ConsoleTickets tickets) {
        this.owned = owned;
        this.tickets = tickets;
    }

    @Operation(
            summary = "A ticket for the interactive console",
            description = "The console is a WebSocket at `GET /containers/{id}/console` running a TTY exec "
                    + "(/bin/sh unless cmd is given). Browsers cannot set headers on a WebSocket and URLs are "
                    + "logged, so the bearer token never goes in the URL: open "
                    + "`ws(s)://host/containers/{id}/console?ticket=<ticket>` with this single-use ticket (valid 30 "
                    + "s, bound to the caller and the container), or send the token as the subprotocol "
                    + "`Sec-WebSocket-Protocol: bearer, <token>`. Client to server, text frames: "
                    + "`{\"type\": \"input\", \"data\": \"ls\\n\"}` and `{\"type\": \"resize\", \"cols\": 120, "
                    + "\"rows\": 30}`. Server to client: `{\"type\": \"output\", \"data\": \"...\"}`, and when the "
                    + "process ends `{\"type\": \"exit\", \"code\": 0}` before the close. Closing the socket ends the "
                    + "process. A console idle (no input, no output) for the configured time (15 min) is closed "
                    + "with status 4000; at most a configured number of consoles per user (3), past it the "
                    + "handshake is 429. The handshake answers 401, 404 and 409 (container not running) as JSON.")
    @ApiResponse(responseCode = "200", description = "The ticket")
    @ApiResponse(responseCode = "400", description = "Invalid cmd")
    @ApiResponse(responseCode = "404", description = "container not found")
    @PostMapping("/containers/{id}/console")
    ConsoleTicketResponse ticket(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "Full 64-hex container id, or the container's name") @PathVariable String id,
            @Valid @RequestBody(required = false) @Nullable ConsoleRequest request) {
        owned.requireOwned(user.id(), id);
        var cmd = request == null ? ConsoleRequest.DEFAULT_CMD : request.cmdOrShell();
        return new ConsoleTicketResponse(tickets.issue(user.id(), id, cmd), ConsoleTickets.LIFETIME.toSeconds());
    }
}
