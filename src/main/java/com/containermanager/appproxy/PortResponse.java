package com.containermanager.appproxy;

import io.swagger.v3.oas.annotations.media.Schema;

/** One port of a container as an app. */
record PortResponse(
        @Schema(description = "The container's TCP port") int port,

        @Schema(description = "owner (the default), users (any signed-in user) or public (anyone)", example = "owner")
        String access,

        @Schema(description = "Whether the container's image exposes it")
        boolean exposed,

        @Schema(
                description = "The app's own origin (open it with POST .../open, which adds a ticket)",
                example = "http://8000-web-alice-3f2a9c1d4e5b.localhost:8080")
        String origin) {}
