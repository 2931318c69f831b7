package com.containermanager.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

public record AuditEvent(
        @Schema(example = "42") String id,
        @Schema(example = "container.stop") String action,

        @Schema(example = "b63595e69fa5377cb565ece4b962118a544e82c0c101e6ccd5c1cb12b79e6f65")
        String target,

        @Schema(
                example = "ok",
                description =
                        "accepted, ok, completed, or what went wrong: conflict, not_found, not_running, timed_out, "
                                + "engine_unavailable, failed")
        String outcome,

        String detail,

        @Schema(
                example = "1",
                description = "How many times this happened: refusals (not_found, conflict) of one kind are "
                        + "counted in one event an hour, which keeps the first target")
        int repeats,

        Instant createdAt,

        @Schema(description = "Who did it, when not the user themselves: an admin's name", example = "root") @Nullable
        String actor) {}
