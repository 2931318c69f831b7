package com.containermanager.sso;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/**
 * The OAuth2 client's registrations, one per configured provider, made from its discovery document when first
 * needed and kept. A provider that does not answer fails that sign-in (and is asked again at the next), never the
 * service's start. Hand-written instead of Boot's properties: those read every issuer at start-up.
 */
@Component
class ProviderRegistrations implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(ProviderRegistrations.class);
    private final SsoSettings settings;
    private final Map<String, ClientRegistration> discovered = new ConcurrentHashMap<>();

    ProviderRegistrations(SsoSettings settings) {
        this.settings = settings;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        SsoSettings.Provider provider = settings.providers().get(registrationId);
        if (provider == null) {
            return null;
        }
        return discovered.computeIfAbsent(registrationId, id -> discover(id, provider));
    }

    private static ClientRegistration discover(String id, SsoSettings.Provider provider) {
        log.info("Reading the discovery document of identity provider {} at {}", id, provider.issuerUri());
        ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(provider.issuerUri())
                .registrationId(id)
                .clientName(provider.displayName(id))
                .clientId(provider.clientId())
                .scope(provider.scopes())
                .userNameAttributeName("sub")
                .redirectUri(
                        provider.redirectUri() == null
                                ? "{baseUrl}/login/oauth2/code/{registrationId}"
                                : provider.redirectUri());
        if (provider.clientSecret() == null || provider.clientSecret().isEmpty()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(provider.clientSecret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        }
        return builder.build();
    }
}
