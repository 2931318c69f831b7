package com.containermanager.appproxy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** POST /containers/{id}/shares. */
record ShareRequest(
        @NotNull(message = "port must be between 1 and 65535")
        @Min(value = 1, message = "port must be between 1 and 65535")
        @Max(value = 65535, message = "port must be between 1 and 65535")
        Integer port,

        @NotNull(message = "expires_in must be a duration such as 30m, 24h or 7d")
        @Size(max = 40, message = "expires_in must be a duration such as 30m, 24h or 7d")
        String expiresIn) {}
