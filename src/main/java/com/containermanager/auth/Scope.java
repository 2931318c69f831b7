package com.containermanager.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a token may be used for: read or write per resource, and admin. Every endpoint needs one (see
 * {@link EndpointScopes}); a login token has every scope of its user's role, a personal token those it was made with.
 */
public enum Scope {
    CONTAINERS_READ("containers:read"),
    CONTAINERS_WRITE("containers:write"),
    FILES_READ("files:read"),
    FILES_WRITE("files:write"),
    JOBS_READ("jobs:read"),
    VOLUMES_READ("volumes:read"),
    VOLUMES_WRITE("volumes:write"),
    ADMIN("admin");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The name on the wire: "containers:read". */
    public String value() {
        return value;
    }

    public static Optional<Scope> parse(String value) {
        return Arrays.stream(values())
                .filter(scope -> scope.value.equals(value))
                .findFirst();
    }
}
