package com.containermanager.auth;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** A valid signature is not enough: sub must name a user that still exists. */
final class JwtToUserConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final KnownUsers knownUsers;

    JwtToUserConverter(KnownUsers knownUsers) {
        this.knownUsers = knownUsers;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidBearerTokenException("unauthorized");
        }
        if (!knownUsers.exists(userId)) {
            throw new InvalidBearerTokenException("unauthorized");
        }
        return new UserAuthentication(new AuthenticatedUser(userId), jwt);
    }
}
