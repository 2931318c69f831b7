package com.containermanager.user;

import com.containermanager.auth.TokenIssuer;
import com.containermanager.web.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "users", description = "Registration and login")
@SecurityRequirements
@RestController
class UserController {

    private final UserService users;
    private final TokenIssuer tokens;

    UserController(UserService users, TokenIssuer tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Operation(summary = "Register a user")
    @ApiResponse(responseCode = "200", description = "Registered")
    @ApiResponse(responseCode = "400", description = "Invalid username or password")
    @ApiResponse(responseCode = "409", description = "Username taken (case-insensitively)")
    @ApiResponse(responseCode = "429", description = "Every password check slot is busy; see Retry-After")
    @PostMapping("/users")
    UserResponse register(@Valid @RequestBody Credentials credentials) {
        User user = users.register(credentials);
        return new UserResponse(Long.toString(user.id()), user.username());
    }

    @Operation(summary = "Log in and receive a bearer token")
    @ApiResponse(responseCode = "200", description = "Logged in")
    @ApiResponse(responseCode = "400", description = "Missing or malformed fields")
    @ApiResponse(responseCode = "401", description = "Unknown user or wrong password (one answer for both)")
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed logins, or every password check slot busy; see Retry-After")
    @PostMapping("/users/login")
    LoginResponse login(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        User user = users.login(credentials, request.getRemoteAddr());
        return new LoginResponse(Long.toString(user.id()), user.username(), tokens.issue(user.id()));
    }

    @ExceptionHandler(RetryLaterException.class)
    ResponseEntity<ApiError> retryLater(RetryLaterException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(new ApiError(e.getMessage()));
    }
}
