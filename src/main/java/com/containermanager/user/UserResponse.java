package com.containermanager.user;

import io.swagger.v3.oas.annotations.media.Schema;

public record UserResponse(
        @Schema(example = "1", description = "64-bit user id, sent as a string")
        String id,

        @Schema(example = "alice") String username) {}
