package com.containermanager.console;

import io.swagger.v3.oas.annotations.media.Schema;

public record ConsoleTicketResponse(
        @Schema(description = "Single use, for this user and container; pass it as ?ticket= when opening the WebSocket")
        String ticket,

        @Schema(example = "30", description = "Seconds it stays valid")
        long expiresIn) {}
