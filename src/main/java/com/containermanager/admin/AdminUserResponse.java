package com.containermanager.admin;

import com.containermanager.user.MeResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A user as admins see them: account, groups, usage against each limit, and their overrides of the limits. */
record AdminUserResponse(
        @Schema(example = "7") String id,
        @Schema(example = "alice") String username,
        @Schema(allowableValues = {"user", "admin"}) String role,

        @Schema(allowableValues = {"active", "suspended", "deleting"})
        String state,

        Instant createdAt,

        @Schema(description = "Absent until the first login") @Nullable
        Instant lastLoginAt,

        @Schema(description = "When the state last changed") @Nullable
        Instant stateChangedAt,

        @Schema(description = "False for an account that signs in through an identity provider, or is invited")
        boolean hasPassword,

        List<String> groups,
        MeResponse.UsageResponse usage,

        @Schema(
                description = "Per-user overrides of the limits, by name; a limit not named follows the setting",
                example = "{\"containers\": 100}")
        Map<String, Long> limits) {}
