package com.containermanager.admin;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.container.AdminContainerView;
import com.containermanager.container.ContainerAdministration;
import com.containermanager.user.Accounts;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.Page;
import com.containermanager.web.PageRequest;
import com.containermanager.web.PagedResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "admin")
@RestController
class AdminContainersController {

    private final ContainerAdministration containers;
    private final Accounts accounts;
    private final ApplicationEventPublisher events;

    AdminContainersController(ContainerAdministration containers, Accounts accounts, ApplicationEventPublisher events) {
        this.containers = containers;
        this.accounts = accounts;
        this.events = events;
    }

    record AdminContainerResponse(
            @Schema(example = "b63595e69fa5377cb565ece4b962118a544e82c0c101e6ccd5c1cb12b79e6f65")
            String id,

            @Schema(example = "7") String ownerId,
            @Schema(example = "alice") @Nullable String owner,
            String image,
            List<String> cmd,

            @Schema(
                    description = "The engine's state, or missing when the engine no longer has it; "
                            + "node_unavailable under runtime.kind swarm when the container's node is down, lost when "
                            + "its node left the swarm",
                    allowableValues = {
                        "created",
                        "running",
                        "paused",
                        "restarting",
                        "removing",
                        "exited",
                        "dead",
                        "missing",
                        "node_unavailable",
                        "lost"
                    })
            String status,

            Instant createdAt,

            @Schema(
                    example = "node-2",
                    description =
                            "Under runtime.kind swarm, the node it runs on or is pinned to (its host name); absent"
                                    + " on one engine and before its first start")
            @Nullable
            String node) {}

    @Operation(summary = "Every user's containers (or one owner's), newest first, with their owners")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "400", description = "Invalid limit, cursor or owner")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @GetMapping("/admin/containers")
    ResponseEntity<List<AdminContainerResponse>> list(
            @Parameter(description = "Only this user's containers (a user id)")
                    @RequestParam(required = false)
                    @Nullable
                    String owner,
            @ParameterObject @Valid PageRequest page) {
        Long ownerId = null;
        if (owner != null) {
            try {
                ownerId = Long.parseLong(owner);
            } catch (NumberFormatException e) {
                throw new BadRequestException("owner must be a user id");
            }
        }
        Page<AdminContainerView> views = containers.list(ownerId, page.size(), page.cursor());
        Map<Long, String> names = accounts.usernames(views.items().stream()
                .map(AdminContainerView::ownerId)
                .distinct()
                .toList());
        return PagedResponse.of(
                views.map(view -> new AdminContainerResponse(
                        view.id(),
                        Long.toString(view.ownerId()),
                        names.get(view.ownerId()),
                        view.image(),
                        view.cmd(),
                        view.status(),
                        view.createdAt(),
                        view.node())),
                "/admin/containers",
                page);
    }

    @Operation(
            summary = "Stop any user's container; force kills it at once",
            description = "Coordinated with its owner's own operations (joins an identical one, 409 otherwise).")
    @ApiResponse(responseCode = "200", description = "Stopped, or already stopped", content = @Content)
    @ApiResponse(responseCode = "400", description = "Invalid timeout")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "conflict container operation: another operation is in flight")
    @PatchMapping("/admin/containers/{id}/stop")
    ResponseEntity<Void> stop(
            @AuthenticationPrincipal AuthenticatedUser admin,
            @PathVariable String id,
            @Parameter(description = "Kill at once instead of the grace period") @RequestParam(defaultValue = "false")
                    boolean force,
            @Parameter(description = "Grace period in seconds (0 to 300)") @RequestParam(required = false) @Nullable
                    Integer timeout) {
        if (timeout != null && (timeout < 0 || timeout > 300)) {
            throw new BadRequestException("timeout must be between 0 and 300 seconds");
        }
        long owner = containers.ownerOf(id);
        containers.stop(id, force ? Integer.valueOf(0) : timeout);
        events.publishEvent(new AdminActed(admin.id(), owner, "admin.container.stop", id, force ? "force" : null));
        return ResponseEntity.ok().build();
    }

    @Operation(summary = "Delete any user's container, also when it runs")
    @ApiResponse(responseCode = "200", description = "Removed", content = @Content)
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "conflict container operation: another operation is in flight")
    @DeleteMapping("/admin/containers/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AuthenticatedUser admin, @PathVariable String id) {
        long owner = containers.ownerOf(id);
        containers.delete(id);
        events.publishEvent(new AdminActed(admin.id(), owner, "admin.container.delete", id, null));
        return ResponseEntity.ok().build();
    }
}
