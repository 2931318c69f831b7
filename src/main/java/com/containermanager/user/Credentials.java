package com.containermanager.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** The body of both registration and login. Rules are checked by {@link CredentialRules}, so both share messages. */
@Schema(description = "A username and a password")
public record Credentials(
        @Schema(example = "alice", description = "3 to 64 letters, digits, '.', '_' or '-'")
        @NotNull(message = "username is required")
        String username,

        @Schema(example = "correct horse battery", description = "8 to 72 bytes")
        @NotNull(message = "password is required")
        String password) {}
