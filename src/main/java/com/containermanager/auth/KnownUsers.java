package com.containermanager.auth;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a user id belongs to a registered user, and in which role and state; implemented by the user module so
 * auth stays below it. Asked on every authenticated request: the implementation answers from a cache that every
 * instance clears at once when an account changes.
 */
public interface KnownUsers {
    boolean exists(long userId);

    /** The account, if the user exists: a plain user in good standing unless the implementation knows better. */
    default Optional<Account> account(long userId) {
        return exists(userId) ? Optional.of(new Account(userId, Role.USER, AccountState.ACTIVE)) : Optional.empty();
    }

    /** Those of these ids that belong to a registered user now; the user module answers in one uncached query. */
    default Set<Long> existing(Collection<Long> userIds) {
        return userIds.stream().filter(this::exists).collect(java.util.stream.Collectors.toSet());
    }
}
