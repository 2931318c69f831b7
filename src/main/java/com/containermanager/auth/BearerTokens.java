package com.containermanager.auth;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Verifies a bearer token that arrives outside the Authorization header (the console's WebSocket subprotocol), by
 * the same rules as every request: a login token (HS256 with our secret, unexpired) or a personal token, of an
 * active user, with the scope the use needs.
 */
@Component
public class BearerTokens {

    private final BearerAuthentication authentication;

    BearerTokens(BearerAuthentication authentication) {
        this.authentication = authentication;
    }

    public Optional<AuthenticatedUser> verify(String token, Scope needed) {
        try {
            Authentication verified = authentication.authenticate(new BearerTokenAuthenticationToken(token));
            AuthenticatedUser user = ((UserAuthentication) verified).getPrincipal();
            return user.has(needed) ? Optional.of(user) : Optional.empty();
        } catch (RuntimeException e) {
            // a bad token (JwtException), a token of an unknown or suspended user, anything: not authenticated
            return Optional.empty();
        }
    }
}
