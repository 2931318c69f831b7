package com.containermanager.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

final class UserAuthentication extends AbstractAuthenticationToken {

    private final AuthenticatedUser user;
    private final Object token;

    /** token: the verified login token (a Jwt), or the personal token's id. */
    UserAuthentication(AuthenticatedUser user, Object token) {
        super(List.of());
        this.user = user;
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public AuthenticatedUser getPrincipal() {
        return user;
    }
}
