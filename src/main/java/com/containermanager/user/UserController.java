package com.containermanager.user;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.auth.BrowserSessions;
import com.containermanager.auth.LoginDevices;
import com.containermanager.auth.TokenIssuer;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "users", description = "Registration, login, and the caller's usage of their limits")
@SecurityRequirements
@RestController
class UserController {

    private final UserService users;
    private final TokenIssuer tokens;
    private final List<UsageSource> usageSources;
    private final LoginDevices devices;
    private final BrowserSessions browserSessions;

    UserController(
            UserService users,
            TokenIssuer tokens,
            List<UsageSource> usageSources,
            LoginDevices devices,
            BrowserSessions browserSessions) {
        this.devices = devices;
        this.users = users;
        this.tokens = tokens;
        this.usageSources = usageSources;
        this.browserSessions = browserSessions;
    }

    @Operation(summary = "Register a user")
    @ApiResponse(responseCode = "200", description = "Registered")
    @ApiResponse(responseCode = "400", description = "Invalid username or password")
    @ApiResponse(
            responseCode = "403",
            description = "registration is closed: accounts are made by the operator; or password login is disabled")
    @ApiResponse(responseCode = "409", description = "Username taken (case-insensitively)")
    @ApiResponse(
            responseCode = "429",
            description = "limit reached: registrations_per_hour (from this client address), or every password check"
                    + " slot busy; see Retry-After",
            headers =
                    @Header(
                            name = HttpHeaders.RETRY_AFTER,
                            description = "Seconds until a registration is taken",
                            schema = @Schema(type = "string")))
    @PostMapping("/users")
    UserResponse register(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        User user = users.register(credentials, request.getRemoteAddr());
        return new UserResponse(Long.toString(user.id()), user.username());
    }

    @Operation(summary = "The caller, with their usage of each limit", description = "A limit of 0 means no limit.")
    @SecurityRequirement(name = "bearer")
    @ApiResponse(responseCode = "200", description = "The caller and their usage")
    @ApiResponse(responseCode = "401", description = "Missing or invalid token")
    @ApiResponse(responseCode = "503", description = "The container engine is unavailable")
    @GetMapping("/users/me")
    MeResponse me(@AuthenticationPrincipal AuthenticatedUser caller) {
        User user = users.get(caller.id());
        Map<String, Usage> usage = new HashMap<>();
        usageSources.forEach(source -> usage.putAll(source.usageOf(user.id())));
        return new MeResponse(
                Long.toString(user.id()), user.username(), user.role().value(), MeResponse.UsageResponse.of(usage));
    }

    @Operation(
            summary = "Log in and receive a bearer token",
            description =
                    "A right password also sets the cookie `" + LoginDevices.COOKIE + "` (HttpOnly, SameSite=Strict,"
                            + " Path=/users/login, 90 days): sent back with later logins, it marks this browser or script as"
                            + " one that logged in before, so that other clients' failures cannot lock it out (docs/operations.md:"
                            + " the login throttle).")
    @ApiResponse(responseCode = "200", description = "Logged in")
    @ApiResponse(responseCode = "400", description = "Missing or malformed fields")
    @ApiResponse(responseCode = "401", description = "Unknown user or wrong password (one answer for both)")
    @ApiResponse(
            responseCode = "403",
            description = "account suspended (only after the right password); password login is disabled")
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed logins, or every password check slot busy; see Retry-After")
    @PostMapping("/users/login")
    LoginResponse login(
            @Valid @RequestBody Credentials credentials,
            @CookieValue(name = LoginDevices.COOKIE, required = false) @Nullable String device,
            @Parameter(
                            description = "Also open a browser session shared by the browser's tabs: an HttpOnly, "
                                    + "SameSite=Strict cookie `" + BrowserSessions.COOKIE + "` with Path="
                                    + BrowserSessions.PATH + ", which POST /users/token/refresh turns into a bearer "
                                    + "token (the dashboard's way to log in once for all its tabs)")
                    @RequestParam(defaultValue = "false")
                    boolean cookie,
            HttpServletRequest request,
            HttpServletResponse response) {
        User user = users.login(credentials, request.getRemoteAddr(), device);
        ResponseCookie deviceCookie = ResponseCookie.from(LoginDevices.COOKIE, devices.issue(user.username()))
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .path("/users/login")
                .maxAge(LoginDevices.LIFETIME)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, deviceCookie.toString());
        if (cookie) {
            response.addHeader(
                    HttpHeaders.SET_COOKIE,
                    browserSessions.open(user.id(), request.isSecure()).toString());
        }
        return new LoginResponse(Long.toString(user.id()), user.username(), tokens.issue(user.id()));
    }
}
