package com.containermanager.appproxy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A share link; its url (with the secret) only in the answer that made it: only a hash of the secret is kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ShareResponse(
        UUID id,
        int port,

        @Schema(
                description = "The link, only when the share was just made",
                example = "http://8000-web-alice-3f2a9c1d4e5b.localhost:8080/_cm/share/...")
        @Nullable
        String url,

        Instant createdAt,
        Instant expiresAt) {}
