package com.containermanager.appproxy;

import com.containermanager.auth.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "apps", description = "A container's web apps: its ports on origins of their own, and share links")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@RestController
class AppController {

    private static final String ID = "Full 64-hex container id, or the caller's container's name";
    private final Apps apps;

    AppController(Apps apps) {
        this.apps = apps;
    }

    @Operation(
            summary = "The container's ports as apps",
            description = "The TCP ports the image exposes and every port with an access level set, each with its "
                    + "access level and its app's origin. Any port of a running container can be opened, exposed "
                    + "or not.")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "404", description = "container not found")
    @GetMapping("/containers/{id}/ports")
    List<PortResponse> ports(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = ID) @PathVariable String id,
            HttpServletRequest request) {
        return apps.ports(user.id(), id, origins(request));
    }

    @Operation(
            summary = "Set who may open a port",
            description = "owner (the default): only the container's owner; users: any signed-in user of this "
                    + "service (who opens it with POST .../open and the container's full id); public: anyone, "
                    + "without signing in, only where the operator allows it (proxy.public_access).")
    @ApiResponse(responseCode = "200", description = "The port as it is now")
    @ApiResponse(responseCode = "400", description = "invalid port or access")
    @ApiResponse(responseCode = "403", description = "public access not allowed (proxy.public_access is off)")
    @ApiResponse(responseCode = "404", description = "container not found")
    @PutMapping("/containers/{id}/ports/{port}")
    PortResponse setAccess(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = ID) @PathVariable String id,
            @PathVariable int port,
            @Valid @RequestBody AccessRequest body,
            HttpServletRequest request) {
        return apps.setAccess(user.id(), id, port, body.access(), origins(request));
    }

    @Operation(
            summary = "Open a port's app in the browser",
            description = "A URL on the app's own origin with a single-use ticket (valid 30 s): the browser that "
                    + "follows it gets an HttpOnly, host-only, SameSite=Lax cookie for that origin and lands on "
                    + "path (default /). The owner names the container by id or name; another signed-in user "
                    + "opens a port of access users (or public) by the container's full id, and gets 404 on an "
                    + "owner port.")
    @ApiResponse(responseCode = "200", description = "The URL to open")
    @ApiResponse(responseCode = "400", description = "invalid port or path")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(
            responseCode = "409",
            description = "container not running; app unreachable: the container is on no network the service "
                    + "reaches, directly or through a relay (containers.network names one without an address of the"
                    + " host, or none)")
    @PostMapping("/containers/{id}/ports/{port}/open")
    OpenResponse open(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = ID) @PathVariable String id,
            @PathVariable int port,
            @Valid @RequestBody(required = false) @Nullable OpenRequest body,
            HttpServletRequest request) {
        String path = body == null || body.path() == null ? "/" : body.path();
        return apps.open(user, id, port, path, origins(request));
    }

    @Operation(
            summary = "Share a port's app with a link",
            description = "A link that opens the app without an account until it expires (expires_in: 30m, 24h, "
                    + "7d ...; at most proxy.max_share_lifetime) or is revoked. Each visitor's first use is in the "
                    + "audit trail. The url is in this answer only.")
    @ApiResponse(responseCode = "200", description = "The share, with its url")
    @ApiResponse(responseCode = "400", description = "invalid port or expires_in")
    @ApiResponse(responseCode = "404", description = "container not found")
    @PostMapping("/containers/{id}/shares")
    ShareResponse share(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = ID) @PathVariable String id,
            @Valid @RequestBody ShareRequest body,
            HttpServletRequest request) {
        return apps.share(user.id(), id, body.port(), body.expiresIn(), origins(request));
    }

    @Operation(summary = "The container's live share links (without their secret urls)")
    @ApiResponse(responseCode = "200", description = "OK, newest first")
    @ApiResponse(responseCode = "404", description = "container not found")
    @GetMapping("/containers/{id}/shares")
    List<ShareResponse> shares(
            @AuthenticationPrincipal AuthenticatedUser user, @Parameter(description = ID) @PathVariable String id) {
        return apps.shares(user.id(), id);
    }

    @Operation(summary = "Revoke a share link", description = "Browsers that opened it lose the app within 5 s.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "container not found; share not found")
    @DeleteMapping("/containers/{id}/shares/{share}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = ID) @PathVariable String id,
            @PathVariable String share) {
        apps.revoke(user.id(), id, share);
    }

    /** The apps' origins share the scheme and port by which the caller reached the API. */
    private static Apps.Origins origins(HttpServletRequest request) {
        return new Apps.Origins(request.getScheme(), request.getServerPort());
    }
}
