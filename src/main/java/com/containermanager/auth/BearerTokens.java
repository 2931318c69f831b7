package com.containermanager.auth;

import java.util.Optional;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Verifies a bearer token that arrives outside the Authorization header (the console's WebSocket subprotocol), by
 * the same rules as every request: HS256 with our secret, unexpired, naming a user that exists.
 */
@Component
public class BearerTokens {

    private final JwtDecoder decoder;
    private final JwtToUserConverter users;

    BearerTokens(JwtDecoder decoder, KnownUsers knownUsers) {
        this.decoder = decoder;
        this.users = new JwtToUserConverter(knownUsers);
    }

    public Optional<AuthenticatedUser> verify(String token) {
        try {
            return Optional.of(((UserAuthentication) users.convert(decoder.decode(token))).getPrincipal());
        } catch (RuntimeException e) {
            // a bad token (JwtException), a token of an unknown user, anything: not authenticated
            return Optional.empty();
        }
    }
}
