package com.containermanager.auth;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * A valid signature is not enough: sub must name a user that still exists and whose account is active. A login
 * token carries every scope of its user's role as it is now.
 */
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
        Account account = usable(knownUsers, userId);
        return new UserAuthentication(
                new AuthenticatedUser(userId, account.role(), account.role().scopes(), null), jwt);
    }

    /** The account of a token's user, if it exists and is active; otherwise the 401 that says why. */
    static Account usable(KnownUsers knownUsers, long userId) {
        Account account = knownUsers.account(userId).orElseThrow(() -> new InvalidBearerTokenException("unauthorized"));
        if (!account.active()) {
            throw new AccountUnusableException(account.state());
        }
        return account;
    }
}
