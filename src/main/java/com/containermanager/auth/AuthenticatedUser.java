package com.containermanager.auth;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The caller of a protected route, as handlers receive it via @AuthenticationPrincipal: who, in which role, with
 * which scopes, and through which personal token (null: a login token, which has every scope of the role).
 */
public record AuthenticatedUser(
        long id, Role role, Set<Scope> scopes, @Nullable Long personalTokenId) {

    /** A plain user with a login token. */
    public AuthenticatedUser(long id) {
        this(id, Role.USER, Role.USER.scopes(), null);
    }

    public AuthenticatedUser {
        scopes = Set.copyOf(scopes);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
