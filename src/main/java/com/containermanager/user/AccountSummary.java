package com.containermanager.user;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.Role;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An account as an admin sees it. hasPassword: false for one invited or made at a sign-in through a provider. */
public record AccountSummary(
        long id,
        String username,
        Role role,
        AccountState state,
        Instant createdAt,
        @Nullable Instant lastLoginAt,
        @Nullable Instant stateChangedAt,
        boolean hasPassword) {}
