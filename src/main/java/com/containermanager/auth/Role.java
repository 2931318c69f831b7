package com.containermanager.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a user may do beyond their own resources. A role is a set of scopes: a login token carries all of its user's
 * role, a personal token at most those. Adding a role (an auditor with read-only admin scopes, say) is a constant
 * here, its scopes, and the users table's check.
 */
public enum Role {
    USER(EnumSet.complementOf(EnumSet.of(Scope.ADMIN))),
    ADMIN(EnumSet.allOf(Scope.class));

    private final Set<Scope> scopes;

    Role(Set<Scope> scopes) {
        this.scopes = Set.copyOf(scopes);
    }

    /** The name in the database and on the wire: "user", "admin". */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values())
                .filter(role -> role.value().equals(value))
                .findFirst();
    }
}
