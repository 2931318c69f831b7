package com.containermanager.appproxy;

import io.swagger.v3.oas.annotations.media.Schema;

/** The app's URL with a single-use ticket. */
record OpenResponse(
        @Schema(
                description = "The app's own origin with a single-use ticket (valid 30 s); the browser gets a"
                        + " cookie for that origin and lands on the path asked for",
                example = "http://8000-web-alice-3f2a9c1d4e5b.localhost:8080/_cm/open?ticket=...&next=%2F")
        String url,

        @Schema(description = "Seconds the ticket stays valid")
        long expiresIn) {}
