package com.containermanager.user;

import io.swagger.v3.oas.annotations.media.Schema;

public record LoginResponse(
        @Schema(example = "1") String id,
        @Schema(example = "alice") String username,

        @Schema(description = "HS256 JWT to send as 'Authorization: Bearer <token>'")
        String token) {}
