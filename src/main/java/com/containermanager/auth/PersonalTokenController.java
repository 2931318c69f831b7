package com.containermanager.auth;

import com.containermanager.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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

@Tag(name = "tokens", description = "The caller's personal API tokens, for scripts and CI")
@RestController
class PersonalTokenController {

    private final PersonalTokens tokens;

    PersonalTokenController(PersonalTokens tokens) {
        this.tokens = tokens;
    }

    record CreateTokenRequest(
            @Schema(example = "ci", description = "1 to 64 characters") @Nullable
            String name,

            @ArraySchema(
                    schema =
                            @Schema(
                                    allowableValues = {
                                        "containers:read",
                                        "containers:write",
                                        "files:read",
                                        "files:write",
                                        "jobs:read",
                                        "volumes:read",
                                        "volumes:write",
                                        "admin"
                                    }))
            @Nullable
            List<String> scopes,

            @Schema(
                    example = "30d",
                    description = "A number and a unit: s, m, h or d; default auth.tokens.default_lifetime")
            @Nullable
            String expiresIn) {}

    record CreatedTokenResponse(
            @Schema(example = "3") String id,
            String name,

            @Schema(description = "The token: shown this once, never again")
            String token,

            List<String> scopes,
            Instant createdAt,
            Instant expiresAt) {}

    record TokenResponse(
            @Schema(example = "3") String id,
            String name,
            List<String> scopes,
            Instant createdAt,
            Instant expiresAt,

            @Schema(description = "Absent until first used; written at most once a minute") @Nullable
            Instant lastUsedAt,

            boolean expired) {}

    @Operation(
            summary = "Make a personal API token",
            description = "The token is answered once and kept only as a hash. Its scopes must be among the caller's"
                    + " (admin only for admins). Tokens are managed with a login token, never with a personal one.")
    @ApiResponse(responseCode = "200", description = "The token, this once")
    @ApiResponse(responseCode = "400", description = "unknown scope: <scope>, a bad name or expires_in")
    @ApiResponse(responseCode = "401", description = "Missing or invalid token")
    @ApiResponse(
            responseCode = "403",
            description = "missing scope: admin (for a non-admin), limit reached: tokens (n), or a personal token")
    @PostMapping("/users/me/tokens")
    CreatedTokenResponse create(
            @AuthenticationPrincipal AuthenticatedUser caller, @RequestBody CreateTokenRequest request) {
        PersonalTokens.Created created = tokens.create(caller, request.name(), request.scopes(), request.expiresIn());
        var row = created.row();
        return new CreatedTokenResponse(
                Long.toString(row.id()),
                row.name(),
                created.token(),
                scopeNames(row.scopes()),
                row.createdAt(),
                row.expiresAt());
    }

    @Operation(summary = "The caller's personal tokens (never their secrets), expired ones included")
    @ApiResponse(responseCode = "200", description = "The tokens, oldest first")
    @ApiResponse(responseCode = "401", description = "Missing or invalid token")
    @ApiResponse(responseCode = "403", description = "A personal token: tokens are managed with a login token")
    @GetMapping("/users/me/tokens")
    List<TokenResponse> list(@AuthenticationPrincipal AuthenticatedUser caller) {
        Instant now = Instant.now();
        return tokens.list(caller.id()).stream()
                .map(row -> new TokenResponse(
                        Long.toString(row.id()),
                        row.name(),
                        scopeNames(row.scopes()),
                        row.createdAt(),
                        row.expiresAt(),
                        row.lastUsedAt(),
                        !now.isBefore(row.expiresAt())))
                .toList();
    }

    @Operation(summary = "Revoke a personal token: it stops working at once, on every instance")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "401", description = "Missing or invalid token")
    @ApiResponse(responseCode = "403", description = "A personal token: tokens are managed with a login token")
    @ApiResponse(responseCode = "404", description = "token not found")
    @DeleteMapping("/users/me/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal AuthenticatedUser caller, @PathVariable String id) {
        long tokenId;
        try {
            tokenId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("token not found");
        }
        tokens.revoke(caller.id(), tokenId);
    }

    private static List<String> scopeNames(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::value).toList();
    }
}
