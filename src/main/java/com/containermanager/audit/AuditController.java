package com.containermanager.audit;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.web.PageLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "audit", description = "The caller's audit trail")
@RestController
class AuditController {

    private static final String BEFORE_RANGE = "before must be an event id of 1 or more";

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @Operation(
            summary = "The caller's container operations and job outcomes, newest first",
            description = "Page with before = the id of the last event of the previous page.")
    @ApiResponse(responseCode = "400", description = "Invalid limit or before")
    @ApiResponse(responseCode = "401", description = "Missing or invalid token")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = AuditEvent.class))))
    @GetMapping("/audit")
    List<AuditEvent> list(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "At most this many, 1 to 200")
                    @RequestParam(defaultValue = "50")
                    @Min(value = 1, message = PageLimit.MESSAGE)
                    @Max(value = PageLimit.MAX, message = PageLimit.MESSAGE)
                    int limit,
            @Parameter(description = "Only events with a smaller id (1 or more)")
                    @RequestParam(required = false)
                    @Min(value = 1, message = BEFORE_RANGE)
                    @Nullable
                    Long before) {
        return audit.list(user.id(), limit, before == null ? Long.MAX_VALUE : before);
    }
}
