package com.containermanager.user;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.BrowserSessions;
import com.containermanager.auth.TokenIssuer;
import com.containermanager.web.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A browser's session, shared by its tabs (see {@link BrowserSessions}): a new tab of the dashboard trades the
 * session cookie for a bearer token here, and log out ends the session. Both paths are under the cookie's path, the
 * only place the browser sends it.
 */
@Tag(name = "users")
@SecurityRequirements
@RestController
class BrowserSessionController {

    private final BrowserSessions sessions;
    private final TokenIssuer tokens;
    private final UserService users;

    BrowserSessionController(BrowserSessions sessions, TokenIssuer tokens, UserService users) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.users = users;
    }

    @Operation(
            summary = "A bearer token for the browser's session",
            description = "Reads the session cookie that POST /users/login?cookie=true set (HttpOnly, SameSite=Strict, "
                    + "Path=/users/token) and answers like a login. The cookie authorises nothing else: every other "
                    + "endpoint reads only the Authorization header.")
    @ApiResponse(responseCode = "200", description = "A bearer token, as from a login")
    @ApiResponse(
            responseCode = "401",
            description = "No session cookie, or its session ended or expired; account suspended (the session ends)")
    @PostMapping("/users/token/refresh")
    ResponseEntity<?> refresh(
            @Parameter(in = ParameterIn.COOKIE, name = BrowserSessions.COOKIE, schema = @Schema(type = "string"))
                    @CookieValue(name = BrowserSessions.COOKIE, required = false)
                    @Nullable
                    String session,
            HttpServletRequest request) {
        OptionalLong user = sessions.userOf(session);
        if (user.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(
                            HttpHeaders.SET_COOKIE,
                            BrowserSessions.cleared(request.isSecure()).toString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ApiError.of(HttpStatus.UNAUTHORIZED, "unauthorized"));
        }
        User found = users.get(user.getAsLong());
        if (found.state() != AccountState.ACTIVE) {
            // A suspended account's browser session ends: no token the page could only fail with.
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(
                            HttpHeaders.SET_COOKIE,
                            sessions.end(session, request.isSecure()).toString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ApiError.of(
                            HttpStatus.UNAUTHORIZED,
                            found.state() == AccountState.SUSPENDED ? "account suspended" : "account being deleted"));
        }
        return ResponseEntity.ok(
                new LoginResponse(Long.toString(found.id()), found.username(), tokens.issue(found.id())));
    }

    @Operation(
            summary = "Log out the browser",
            description = "Ends the browser's session and removes its cookie. Bearer tokens already issued stay valid "
                    + "until they expire, as tokens do.")
    @ApiResponse(responseCode = "204", description = "Logged out (also when there was no session)")
    @PostMapping("/users/token/logout")
    ResponseEntity<Void> logout(
            @Parameter(in = ParameterIn.COOKIE, name = BrowserSessions.COOKIE, schema = @Schema(type = "string"))
                    @CookieValue(name = BrowserSessions.COOKIE, required = false)
                    @Nullable
                    String session,
            HttpServletRequest request) {
        return ResponseEntity.noContent()
                .header(
                        HttpHeaders.SET_COOKIE,
                        sessions.end(session, request.isSecure()).toString())
                .build();
    }
}
