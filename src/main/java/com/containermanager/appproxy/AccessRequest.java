package com.containermanager.appproxy;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** PUT /containers/{id}/ports/{port}. */
record AccessRequest(
        @NotNull(message = "access must be owner, users or public")
        @Pattern(regexp = "owner|users|public", message = "access must be owner, users or public")
        String access) {}
