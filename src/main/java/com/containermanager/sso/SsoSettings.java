package com.containermanager.sso;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The identity providers, by an id of the operator's choosing (it appears in /oauth2/authorization/{id}). Bound
 * straight from the public keys (auth.oidc.providers.&lt;id&gt;.issuer_uri, ...): a map of entries has no single
 * environment variable to mirror. maxPendingSignIns bounds sign-ins begun and not finished in the last ten minutes,
 * all instances together (429 past it).
 */
@Validated
@ConfigurationProperties("auth.oidc")
public record SsoSettings(
        @DefaultValue Map<String, @Valid Provider> providers,
        @DefaultValue("10000") @Min(1) int maxPendingSignIns) {

    /**
     * name: shown as "Sign in with {name}". issuerUri: the provider's issuer; its discovery document is read at the
     * first sign-in, not at start-up, so the service starts while the provider is down. usernameClaim: the claim
     * whose value names a new account. groupsClaim: the claim listing the user's groups, mapped to groups here at
     * every sign-in (empty: none). redirectUri: where the provider sends the browser back, when the service is
     * reached under another address than the one the browser used.
     */
    public record Provider(
            @Nullable String name,
            @NotBlank String issuerUri,
            @NotBlank String clientId,
            @Nullable String clientSecret,
            @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
            @DefaultValue("preferred_username") String usernameClaim,
            @DefaultValue("groups") String groupsClaim,
            @Nullable String redirectUri) {

        public String displayName(String id) {
            return name == null || name.isBlank() ? id : name;
        }
    }
}
