package com.containermanager.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An audit entry as admins see it: whose it is (kept after the user is deleted) and who did it. */
record AdminAuditEntry(
        @Schema(example = "42") String id,

        @Schema(example = "7", description = "The user it concerns")
        String userId,

        @Schema(example = "alice", description = "Their name, also after they were deleted") @Nullable
        String username,

        @Schema(example = "1", description = "Who did it, when not the user: an admin") @Nullable
        String actorId,

        @Schema(example = "root") @Nullable String actor,
        @Schema(example = "admin.user.suspend") String action,
        String target,
        @Schema(example = "ok") String outcome,
        @Nullable String detail,
        int repeats,
        Instant createdAt) {}
