package com.containermanager.appproxy;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** POST /containers/{id}/ports/{port}/open: where in the app to land (default /). */
record OpenRequest(
        @Nullable
        @Size(max = 2000, message = "path must be at most 2000 characters")
        @Pattern(regexp = "/(?!/)[^\\s]*", message = "path must start with a single /")
        String path) {}
