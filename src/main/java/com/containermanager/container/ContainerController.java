package com.containermanager.container;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.container.creation.ContainerCreations;
import com.containermanager.web.PageRequest;
import com.containermanager.web.PagedResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
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

@Tag(name = "containers", description = "The caller's own containers")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@ApiResponse(responseCode = "503", description = "The container engine is unavailable")
@RestController
class ContainerController {

    private static final String OPERATION_RATE =
            "limit reached: operations_per_minute (n); Retry-After: seconds until the next minute";

    private static final String TIMEOUT_RANGE = "timeout must be between 0 and 300 seconds";
    private final ContainerService containers;
    private final ContainerCreations creations;

    ContainerController(ContainerService containers, ContainerCreations creations) {
        this.containers = containers;
        this.creations = creations;
    }

    @Operation(
            summary = "The caller's containers, newest first",
            description = "One engine call per page, whatever their number.")
    @ApiResponse(responseCode = "200", description = "OK")
    @GetMapping("/containers")
    ResponseEntity<List<ContainerResponse>> list(
            @AuthenticationPrincipal AuthenticatedUser user, @ParameterObject @Valid PageRequest page) {
        return PagedResponse.of(containers.list(user.id(), page.size(), page.cursor()), "/containers", page);
    }

    @Operation(
            summary = "Create a container, asynchronously",
            description = "Stores a container_creation job and returns its id at once; poll GET /jobs/{id}. "
                    + "The container is created, not started.")
    @ApiResponse(responseCode = "200", description = "Job accepted; poll the job at the Location header")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid image, name, cmd, env, lifecycle or volumes; cmd and env too large together;"
                    + " lifecycle_too_long: a lifecycle value longer than the profile allows; a volumes path outside"
                    + " volumes.mount_prefixes (invalid_volumes)")
    @ApiResponse(
            responseCode = "403",
            description = "limit reached: containers, or unfinished_jobs (the caller's limit, and its value)")
    @ApiResponse(
            responseCode = "404",
            description = "volume not found: a volumes entry names no volume of the caller's")
    @ApiResponse(responseCode = "409", description = "name taken: the caller has a container of this name")
    @ApiResponse(
            responseCode = "429",
            description = "limit reached: creations_per_minute; see Retry-After",
            headers =
                    @Header(
                            name = HttpHeaders.RETRY_AFTER,
                            description = "Seconds until a creation is accepted",
                            schema = @Schema(type = "string")))
    @PostMapping("/containers")
    ResponseEntity<JobAccepted> create(
            @AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody CreateContainerRequest request) {
        UUID jobId = creations.submit(user.id(), request);
        return ResponseEntity.ok().location(URI.create("/jobs/" + jobId)).body(new JobAccepted(jobId.toString()));
    }

    @Operation(summary = "One of the caller's containers, with engine state details")
    @ApiResponse(responseCode = "200", description = "The container")
    @ApiResponse(responseCode = "404", description = "container not found")
    @GetMapping("/containers/{id}")
    ContainerResponse get(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "Full 64-hex container id, or the container's name") @PathVariable String id) {
        return containers.get(user.id(), id);
    }

    @Operation(summary = "Start a container (idempotent)")
    @ApiResponse(responseCode = "200", description = "Started, or already running", content = @Content)
    @ApiResponse(responseCode = "403", description = "limit reached: running_containers")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "conflict container operation: another operation is in flight")
    @ApiResponse(
            responseCode = "429",
            description = OPERATION_RATE,
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = "string")))
    @PatchMapping("/containers/{id}/start")
    ResponseEntity<Void> start(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String id) {
        containers.start(user.id(), id);
        return ResponseEntity.ok().build();
    }

    @Operation(summary = "Stop a container (idempotent)")
    @ApiResponse(responseCode = "200", description = "Stopped, or already stopped", content = @Content)
    @ApiResponse(responseCode = "400", description = "Invalid timeout")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "conflict container operation: another operation is in flight")
    @ApiResponse(
            responseCode = "429",
            description = OPERATION_RATE,
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = "string")))
    @PatchMapping("/containers/{id}/stop")
    ResponseEntity<Void> stop(
            @AuthenticationPrincipal AuthenticatedUser user,
            @PathVariable String id,
            @Parameter(
                            description = "Grace period in seconds before the process is killed (0 to 300); "
                                    + "the engine's default (10) when absent")
                    @RequestParam(required = false)
                    @Min(value = 0, message = TIMEOUT_RANGE)
                    @Max(value = 300, message = TIMEOUT_RANGE)
                    @Nullable
                    Integer timeout) {
        containers.stop(user.id(), id, timeout);
        return ResponseEntity.ok().build();
    }

    @Operation(
            summary = "Restart a container",
            description = "Stops (with the grace period) and starts again. Coordinated like start and stop: a "
                    + "restart joins one in flight; any other operation in flight is a conflict. A stopped or "
                    + "created container is started, so it counts against limits.running_containers as a start does.")
    @ApiResponse(responseCode = "200", description = "Restarted", content = @Content)
    @ApiResponse(responseCode = "400", description = "Invalid timeout")
    @ApiResponse(responseCode = "403", description = "limit reached: running_containers (n)")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "conflict container operation: another operation is in flight")
    @ApiResponse(
            responseCode = "429",
            description = OPERATION_RATE,
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = "string")))
    @PatchMapping("/containers/{id}/restart")
    ResponseEntity<Void> restart(
            @AuthenticationPrincipal AuthenticatedUser user,
            @PathVariable String id,
            @Parameter(
                            description =
                                    "Grace period in seconds for the stop (0 to 300); the engine's default when absent")
                    @RequestParam(required = false)
                    @Min(value = 0, message = TIMEOUT_RANGE)
                    @Max(value = 300, message = TIMEOUT_RANGE)
                    @Nullable
                    Integer timeout) {
        containers.restart(user.id(), id, timeout);
        return ResponseEntity.ok().build();
    }

    @Operation(
            summary = "Keep a container running: counts as activity",
            description = "Postpones the container's idle stop as any activity does (docs/lifecycle.md), and answers "
                    + "its next stop: null when it is not running or no policy stops it. A lifetime is not "
                    + "extended.")
    @ApiResponse(responseCode = "200", description = "The container's next stop")
    @ApiResponse(responseCode = "404", description = "container not found")
    @PostMapping("/containers/{id}/keepalive")
    KeepaliveResponse keepalive(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String id) {
        return new KeepaliveResponse(containers.keepalive(user.id(), id));
    }

    @Operation(summary = "Delete a container, running or not")
    @ApiResponse(responseCode = "200", description = "Deleted", content = @Content)
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "409", description = "conflict container operation: another operation is in flight")
    @DeleteMapping("/containers/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String id) {
        containers.delete(user.id(), id);
        return ResponseEntity.ok().build();
    }
}
