package com.containermanager.audit;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.web.Page;
import com.containermanager.web.PageCursor;
import com.containermanager.web.PageRequest;
import com.containermanager.web.PagedResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "audit", description = "The caller's audit trail")
@RestController
class AuditController {

    private static final String CURSOR = "audit";
    private static final String BEFORE_RANGE = "before must be an event id of 1 or more";
    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @Operation(
            summary = "The caller's container operations and job outcomes, newest first",
            description = "Besides the cursor, before (an event's id) still works. Filters (action, outcome, target, "
                    + "since) narrow every page: send them again with the cursor.")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "400", description = "Invalid limit, before, cursor, action, outcome, target or since")
    @ApiResponse(responseCode = "401", description = "Missing or invalid token")
    @GetMapping("/audit")
    ResponseEntity<List<AuditEvent>> list(
            @AuthenticationPrincipal AuthenticatedUser user,
            @ParameterObject @Valid PageRequest page,
            @Parameter(description = "Only events with a smaller id (1 or more)")
                    @RequestParam(required = false)
                    @Min(value = 1, message = BEFORE_RANGE)
                    @Nullable
                    Long before,
            @Parameter(
                            description = "Only this action (e.g. container.stop), or every action under a prefix "
                                    + "ending in '.' (container.)")
                    @RequestParam(required = false)
                    @Nullable
                    String action,
            @Parameter(
                            description = "Only this outcome",
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "accepted",
                                                "ok",
                                                "completed",
                                                "failed",
                                                "conflict",
                                                "not_found",
                                                "engine_unavailable",
                                                "timed_out",
                                                "not_running"
                                            }))
                    @RequestParam(required = false)
                    @Nullable
                    String outcome,
            @Parameter(description = "Only events about this target (a container's id, a job's id)")
                    @RequestParam(required = false)
                    @Nullable
                    String target,
            @Parameter(description = "Only events from this time on (RFC 3339)")
                    @RequestParam(required = false)
                    @Nullable
                    String since) {
        AuditFilter filter = AuditFilter.of(action, outcome, target, since);
        long below = before == null ? Long.MAX_VALUE : before;
        if (page.cursor() != null) {
            below = Math.min(below, decode(page.cursor()));
        }
        List<AuditEvent> fetched = audit.list(user.id(), page.size() + 1, below, filter);
        return PagedResponse.of(
                Page.of(fetched, page.size(), event -> PageCursor.encode(CURSOR, event.id())), "/audit", page);
    }

    private static long decode(String cursor) {
        try {
            return Long.parseLong(PageCursor.decode(CURSOR, cursor, 1).getFirst());
        } catch (NumberFormatException e) {
            throw PageCursor.invalid();
        }
    }
}
