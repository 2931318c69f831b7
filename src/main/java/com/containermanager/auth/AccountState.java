package com.containermanager.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an account's tokens work. Suspended: none of them, until an admin resumes it. Deleting: a user deletion
 * job is removing what the account owns, and the account goes with it.
 */
public enum AccountState {
    ACTIVE,
    SUSPENDED,
    DELETING;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AccountState> parse(String value) {
        return Arrays.stream(values())
                .filter(state -> state.value().equals(value))
                .findFirst();
    }
}
