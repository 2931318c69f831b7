package com.containermanager.sso;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.BrowserSessions;
import com.containermanager.auth.TokenIssuer;
import com.containermanager.user.AccountSettings;
import com.containermanager.user.AccountSummary;
import com.containermanager.user.Accounts;
import com.containermanager.user.LoginResponse;
import com.containermanager.web.ApiException;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.ForbiddenException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

@Tag(name = "sign-in", description = "Signing in through an identity provider (OpenID Connect)")
@SecurityRequirements
@RestController
class SsoController {

    private final SsoSettings settings;
    private final AccountSettings accounts;
    private final ProviderRegistrations registrations;
    private final SignInCodes codes;
    private final Accounts accountDirectory;
    private final TokenIssuer tokens;
    private final BrowserSessions browserSessions;

    SsoController(
            SsoSettings settings,
            AccountSettings accounts,
            ProviderRegistrations registrations,
            SignInCodes codes,
            Accounts accountDirectory,
            TokenIssuer tokens,
            BrowserSessions browserSessions) {
        this.browserSessions = browserSessions;
        this.settings = settings;
        this.accounts = accounts;
        this.registrations = registrations;
        this.codes = codes;
        this.accountDirectory = accountDirectory;
        this.tokens = tokens;
    }

    record ProvidersResponse(
            @Schema(description = "Whether login with a username and password is on (auth.password_login)")
            boolean passwordLogin,

            List<ProviderResponse> providers) {}

    record ProviderResponse(
            @Schema(example = "keycloak") String id,

            @Schema(example = "Keycloak", description = "Shown as \"Sign in with <name>\"")
            String name,

            @Schema(example = "/oauth2/authorization/keycloak", description = "Where the browser goes to sign in")
            String signInUrl,

            @Schema(example = "/auth/logout/keycloak", description = "Where the browser goes to sign out there too")
            String logoutUrl) {}

    record CodeRequest(
            @Schema(description = "The sso_code of the URL's fragment") @Nullable
            String code) {}

    @Operation(summary = "The ways to sign in: the identity providers, and whether passwords are on")
    @ApiResponse(responseCode = "200", description = "The providers, by id")
    @GetMapping("/auth/providers")
    ProvidersResponse providers() {
        return new ProvidersResponse(
                accounts.passwordLogin(),
                settings.providers().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(entry -> new ProviderResponse(
                                entry.getKey(),
                                entry.getValue().displayName(entry.getKey()),
                                "/oauth2/authorization/" + entry.getKey(),
                                "/auth/logout/" + entry.getKey()))
                        .toList());
    }

    @Operation(
            summary = "Exchange a sign-in's one-time code for a bearer token",
            description = "After a sign-in through a provider, the browser arrives at /ui/login#sso_code=<code>; the"
                    + " code is good once, for a minute.")
    @ApiResponse(responseCode = "200", description = "Signed in: the same answer as a password login")
    @ApiResponse(responseCode = "400", description = "code is required")
    @ApiResponse(responseCode = "401", description = "invalid or expired sign-in code")
    @ApiResponse(responseCode = "403", description = "account suspended")
    @PostMapping("/users/login/sso")
    LoginResponse exchange(
            @RequestBody CodeRequest request,
            @Parameter(
                            description = "Also open the browser session shared by its tabs, as POST"
                                    + " /users/login?cookie=true does")
                    @RequestParam(defaultValue = "false")
                    boolean cookie,
            HttpServletRequest http,
            HttpServletResponse response) {
        if (request.code() == null || request.code().isEmpty()) {
            throw new BadRequestException("code is required");
        }
        long userId = codes.exchange(request.code()).orElseThrow(InvalidCodeException::new);
        AccountSummary account = accountDirectory.get(userId);
        if (account.state() != AccountState.ACTIVE) {
            throw new ForbiddenException("account suspended");
        }
        if (cookie) {
            response.addHeader(
                    HttpHeaders.SET_COOKIE,
                    browserSessions.open(userId, http.isSecure()).toString());
        }
        return new LoginResponse(Long.toString(userId), account.username(), tokens.issue(userId));
    }

    @Operation(
            summary = "Sign out at the identity provider too",
            description = "Redirects to the provider's end_session_endpoint, which comes back to the dashboard's login"
                    + " page; to that page at once when the provider has none. Drop the bearer token first.")
    @ApiResponse(responseCode = "302", description = "To the provider, or to the login page")
    @ApiResponse(responseCode = "404", description = "unknown provider")
    @GetMapping("/auth/logout/{provider}")
    ResponseEntity<Void> logout(@PathVariable String provider) {
        if (!settings.providers().containsKey(provider)) {
            throw new UnknownProviderException();
        }
        URI back = URI.create(SignInCompletion.LANDING);
        ClientRegistration registration;
        try {
            registration = registrations.findByRegistrationId(provider);
        } catch (RuntimeException e) {
            return ResponseEntity.status(HttpStatus.FOUND).location(back).build();
        }
        Object endSession = registration == null
                ? null
                : registration.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
        if (endSession == null) {
            return ResponseEntity.status(HttpStatus.FOUND).location(back).build();
        }
        // Back to the dashboard's login page afterwards: the provider must list it among the client's post-logout
        // redirect URIs, else it stays on its own page.
        String loginPage = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(SignInCompletion.LANDING)
                .toUriString();
        URI target = UriComponentsBuilder.fromUriString(endSession.toString())
                .queryParam("client_id", registration.getClientId())
                .queryParam("post_logout_redirect_uri", loginPage)
                .encode()
                .build()
                .toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(target).build();
    }

    static final class InvalidCodeException extends ApiException {
        InvalidCodeException() {
            super(HttpStatus.UNAUTHORIZED, "invalid or expired sign-in code");
        }
    }

    static final class UnknownProviderException extends ApiException {
        UnknownProviderException() {
            super(HttpStatus.NOT_FOUND, "unknown provider");
        }
    }
}
