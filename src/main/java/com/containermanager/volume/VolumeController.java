package com.containermanager.volume;

import com.containermanager.auth.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "volumes", description = "The caller's own volumes: data that outlives containers, of a size they choose")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@RestController
class VolumeController {

    private final Volumes volumes;

    VolumeController(Volumes volumes) {
        this.volumes = volumes;
    }

    @Schema(description = "A volume to make", example = "{\"name\": \"data\", \"size\": \"1GiB\"}")
    record CreateVolumeRequest(
            @Schema(example = "data", description = "1 to 63 of a-z, 0-9, - and _, starting with a letter or digit")
            @NotBlank(message = Volumes.NAME_RULE)
            @Pattern(regexp = Volumes.NAME_REGEX, message = Volumes.NAME_RULE)
            String name,

            @Schema(
                    example = "1GiB",
                    description = "Bytes, or a number with a binary unit (KiB, MiB, GiB, TiB; KB ... TB mean the same),"
                            + " rounded up to 4 KiB; between volumes.min_size and volumes.max_size, and within the"
                            + " caller's limits.volume_bytes with their other volumes")
            @NotBlank(message = "size is required")
            @Size(max = 32, message = "size must be bytes or a number with a unit such as 1GiB or 512MiB")
            String size) {}

    record VolumeResponse(
            @Schema(example = "data") String name,

            @Schema(example = "1073741824", description = "What its file system holds at most")
            long sizeBytes,

            @Schema(
                    example = "4096",
                    description = "What its files take now; absent while the host that holds it is unavailable"
                            + " (state unavailable), 0 once it is lost")
            @Nullable
            Long usedBytes,

            @Schema(
                    allowableValues = {"hard", "soft"},
                    description = "hard: a write past the size fails with no space left on device; soft: measured")
            String limit,

            Instant createdAt,

            @Schema(
                    allowableValues = {"available", "unavailable", "lost"},
                    description = "available; unavailable while the host that holds it does not answer (under"
                            + " runtime.kind swarm: its node is down; containers mounting it cannot start, the listing"
                            + " still answers); lost when its data is gone with that host (its node was removed from"
                            + " the swarm for good): it can only be deleted")
            String state) {}

    @Operation(summary = "The caller's volumes, by name, with the bytes each uses")
    @ApiResponse(responseCode = "200", description = "OK")
    @GetMapping("/volumes")
    List<VolumeResponse> list(@AuthenticationPrincipal AuthenticatedUser user) {
        return volumes.list(user.id()).stream().map(this::response).toList();
    }

    @Operation(
            summary = "Make a volume",
            description = "An empty file system of the size, which the caller's containers mount with POST "
                    + "/containers {\"volumes\": [{\"volume\", \"path\", \"read_only\"}]}; it outlives them, and "
                    + "only the caller's containers can ever mount it.")
    @ApiResponse(responseCode = "201", description = "Made")
    @ApiResponse(responseCode = "400", description = "A bad name or size (invalid_name, invalid_size)")
    @ApiResponse(
            responseCode = "403",
            description = "limit reached: volumes (<n>) or limit reached: volume_bytes (<bytes>)")
    @ApiResponse(
            responseCode = "409",
            description = "name taken: the caller has a volume of this name; or the engine's host could not make it "
                    + "(engine_refused)")
    @PostMapping("/volumes")
    @ResponseStatus(HttpStatus.CREATED)
    VolumeResponse create(
            @AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody CreateVolumeRequest request) {
        Volume volume = volumes.create(user.id(), request.name(), request.size());
        return new VolumeResponse(
                volume.name(), volume.sizeBytes(), 0L, volumes.limitKind(), volume.createdAt(), Volumes.AVAILABLE);
    }

    @Operation(summary = "One of the caller's volumes, with the bytes it uses")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "404", description = "volume not found (another user's is not found either)")
    @GetMapping("/volumes/{name}")
    VolumeResponse get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name) {
        return response(volumes.get(user.id(), name));
    }

    @Operation(
            summary = "Remove a volume and its data",
            description = "Refused while a container (running or not) " + "mounts it: remove that container first.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "volume not found")
    @ApiResponse(responseCode = "409", description = "volume in use")
    @DeleteMapping("/volumes/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name) {
        volumes.delete(user.id(), name);
    }

    private VolumeResponse response(Volume volume) {
        Volumes.Status status = volumes.status(volume);
        return new VolumeResponse(
                volume.name(),
                volume.sizeBytes(),
                status.usedBytes(),
                volumes.limitKind(),
                volume.createdAt(),
                status.state());
    }
}
