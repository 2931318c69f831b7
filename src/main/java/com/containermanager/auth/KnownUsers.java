package com.containermanager.auth;

import java.util.Collection;
import java.util.Set;

/** Whether a user id still belongs to a registered user; implemented by the user module so auth stays below it. */
public interface KnownUsers {
    boolean exists(long userId);

    /** Those of these ids that belong to a registered user now; the user module answers in one uncached query. */
    default Set<Long> existing(Collection<Long> userIds) {
        return userIds.stream().filter(this::exists).collect(java.util.stream.Collectors.toSet());
    }
}
