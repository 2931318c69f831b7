package com.containermanager.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Authenticates a bearer token of either kind: a personal token (by its prefix) from its row, anything else as a
 * login token (an HS256 JWT). Both end in the caller's account as it is now, and its scopes.
 */
final class BearerAuthentication implements AuthenticationManager {

    private final JwtAuthenticationProvider loginTokens;
    /** Absent only in web slices that test the rest of security. */
    private final @Nullable PersonalTokens personalTokens;

    private final KnownBearers known;

    BearerAuthentication(
            JwtDecoder decoder, KnownUsers knownUsers, @Nullable PersonalTokens personalTokens, KnownBearers known) {
        this.loginTokens = new JwtAuthenticationProvider(decoder);
        this.loginTokens.setJwtAuthenticationConverter(new JwtToUserConverter(knownUsers));
        this.personalTokens = personalTokens;
        this.known = known;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Authentication authenticated = verify(authentication);
        if (authentication instanceof BearerTokenAuthenticationToken bearer
                && authenticated.getPrincipal() instanceof AuthenticatedUser user) {
            known.authenticated(bearer.getToken(), user.id());
        }
        return authenticated;
    }

    private Authentication verify(Authentication authentication) {
        if (authentication instanceof BearerTokenAuthenticationToken bearer
                && bearer.getToken().startsWith(PersonalTokens.PREFIX)) {
            if (personalTokens == null) {
                throw new InvalidBearerTokenException("unauthorized");
            }
            AuthenticatedUser user = personalTokens
                    .authenticate(bearer.getToken())
                    .orElseThrow(() -> new InvalidBearerTokenException("unauthorized"));
            return new UserAuthentication(user, user.personalTokenId());
        }
        return loginTokens.authenticate(authentication);
    }
}
