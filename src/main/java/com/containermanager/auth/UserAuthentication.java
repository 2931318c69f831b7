package com.containermanager.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

final class UserAuthentication extends AbstractAuthenticationToken {

    private final AuthenticatedUser user;
    private final Jwt token;

    UserAuthentication(AuthenticatedUser user, Jwt token) {
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
