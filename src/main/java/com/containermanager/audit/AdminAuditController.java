package com.containermanager.audit;

import com.containermanager.web.BadRequestException;
import com.containermanager.web.Page;
import com.containermanager.web.PageCursor;
import com.containermanager.web.PageRequest;
import com.containermanager.web.PagedResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "admin")
@RestController
class AdminAuditController {

    private static final String CURSOR = "admin-audit";
    private final AuditTrail audit;

    AdminAuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @Operation(
            summary = "The whole audit trail, newest first, with filters",
            description = "Every user's entries, deleted users' included; an admin's action on someone names both.")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "400", description = "Invalid limit, cursor, id or time")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @GetMapping("/admin/audit")
    ResponseEntity<List<AdminAuditEntry>> search(
            @ParameterObject @Valid PageRequest page,
            @Parameter(description = "Only entries concerning this user (an id)")
                    @RequestParam(required = false)
                    @Nullable
                    String user,
            @Parameter(description = "Only what this user did to others (an admin's id)")
                    @RequestParam(required = false)
                    @Nullable
                    String actor,
            @Parameter(description = "Actions starting with this: container.stop, admin.")
                    @RequestParam(required = false)
                    @Nullable
                    String action,
            @Parameter(description = "ok, accepted, completed, failed, not_found, conflict, ...")
                    @RequestParam(required = false)
                    @Nullable
                    String outcome,
            @Parameter(description = "From this time on (RFC 3339)") @RequestParam(required = false) @Nullable
                    String since,
            @Parameter(description = "Before this time (RFC 3339)") @RequestParam(required = false) @Nullable
                    String until) {
        long before = page.cursor() == null ? Long.MAX_VALUE : decode(page.cursor());
        AdminAuditFilter filter = new AdminAuditFilter(
                id(user, "user"),
                id(actor, "actor"),
                blankToNull(action),
                blankToNull(outcome),
                time(since, "since"),
                time(until, "until"));
        List<AdminAuditEntry> fetched = audit.search(filter, page.size() + 1, before);
        return PagedResponse.of(
                Page.of(fetched, page.size(), entry -> PageCursor.encode(CURSOR, entry.id())), "/admin/audit", page);
    }

    private static @Nullable Long id(@Nullable String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a user id");
        }
    }

    private static @Nullable Instant time(@Nullable String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an RFC 3339 time in UTC, such as 2026-11-28T12:00:00Z");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static long decode(String cursor) {
        try {
            return Long.parseLong(PageCursor.decode(CURSOR, cursor, 1).getFirst());
        } catch (NumberFormatException e) {
            throw PageCursor.invalid();
        }
    }
}
