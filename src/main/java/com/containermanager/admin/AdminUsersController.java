package com.containermanager.admin;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.web.NotFoundException;
import com.containermanager.web.PageRequest;
import com.containermanager.web.PagedResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "admin", description = "For admins: users, every container, groups, the audit trail, the installation")
@RestController
class AdminUsersController {

    private final UserAdministration users;

    AdminUsersController(UserAdministration users) {
        this.users = users;
    }

    record InviteRequest(
            @Schema(example = "ada") @Nullable String username,

            @Schema(
                    allowableValues = {"user", "admin"},
                    defaultValue = "user")
            @Nullable
            String role) {}

    record UserChangeRequest(
            @Schema(description = "true suspends (tokens stop at once, containers are stopped); false resumes")
            @Nullable
            Boolean suspended,

            @Schema(allowableValues = {"user", "admin"}) @Nullable
            String role,

            @Schema(
                    description = "Overrides of the limits by name (containers, running_containers,"
                            + " unfinished_jobs, creations_per_minute, files, storage_bytes, running_cpus (in thousandths of a"
                            + " CPU), running_memory_bytes, tokens, and the slots"
                            + " log_follows, stats_streams, event_streams, consoles, execs); 0 turns one off for"
                            + " this user, null removes the override",
                    example = "{\"containers\": 100, \"running_containers\": null}")
            @Nullable
            Map<String, @Nullable Long> limits) {}

    record DeletionAccepted(
            @Schema(example = "a8b42d45-b67e-4b77-88b9-a573631a06ee")
            String jobId) {}

    @Operation(summary = "Users, by id, with usage against their limits, groups, state and last login")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "400", description = "Invalid limit or cursor")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @GetMapping("/admin/users")
    ResponseEntity<List<AdminUserResponse>> list(
            @Parameter(description = "Only users whose name contains this, in any case")
                    @RequestParam(required = false)
                    @Nullable
                    String q,
            @ParameterObject @Valid PageRequest page) {
        return PagedResponse.of(users.list(q == null ? "" : q, page.size(), page.cursor()), "/admin/users", page);
    }

    @Operation(
            summary = "Invite a user: an account without a password",
            description = "Their first sign-in through an identity provider with this username takes the account,"
                    + " also when registration is closed.")
    @ApiResponse(responseCode = "200", description = "The new account")
    @ApiResponse(responseCode = "400", description = "Invalid username or role")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "409", description = "username already taken")
    @PostMapping("/admin/users")
    AdminUserResponse invite(@AuthenticationPrincipal AuthenticatedUser admin, @RequestBody InviteRequest request) {
        return users.invite(admin, request.username() == null ? "" : request.username(), request.role());
    }

    @Operation(summary = "One user, with usage against their limits")
    @ApiResponse(responseCode = "200", description = "The user")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "user not found")
    @GetMapping("/admin/users/{id}")
    AdminUserResponse get(@PathVariable String id) {
        return users.get(userId(id));
    }

    @Operation(
            summary = "Suspend or resume a user, change their role, override their limits",
            description = "A suspension holds on every instance at once: the user's login and personal tokens answer"
                    + " 401 account suspended; their running containers are stopped, not removed.")
    @ApiResponse(responseCode = "200", description = "The user, changed")
    @ApiResponse(
            responseCode = "400",
            description =
                    "unknown limit, a negative limit, an unknown role; an admin suspending or demoting" + " themselves")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "user not found")
    @ApiResponse(responseCode = "409", description = "user is being deleted")
    @PatchMapping("/admin/users/{id}")
    AdminUserResponse change(
            @AuthenticationPrincipal AuthenticatedUser admin,
            @PathVariable String id,
            @RequestBody UserChangeRequest request) {
        return users.change(
                admin,
                userId(id),
                new UserAdministration.Changes(request.suspended(), request.role(), request.limits()));
    }

    @Operation(
            summary = "Delete a user with everything they own",
            description = "Their tokens stop at once; a user_deletion job (the caller's, at the Location header)"
                    + " removes their jobs, containers, files (and volumes and networks), then the account. Audit"
                    + " rows stay.")
    @ApiResponse(responseCode = "202", description = "Deletion accepted; poll the job at the Location header")
    @ApiResponse(responseCode = "400", description = "an admin cannot delete themselves")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "user not found")
    @DeleteMapping("/admin/users/{id}")
    ResponseEntity<DeletionAccepted> delete(@AuthenticationPrincipal AuthenticatedUser admin, @PathVariable String id) {
        UUID job = users.delete(admin, userId(id));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/jobs/" + job))
                .body(new DeletionAccepted(job.toString()));
    }

    static long userId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("user not found");
        }
    }
}
