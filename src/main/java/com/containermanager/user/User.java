package com.containermanager.user;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.Role;
import org.jspecify.annotations.Nullable;

/** A users row: passwordHash is null for an account without a local password (invited, or from a provider). */
record User(long id, String username, @Nullable String passwordHash, Role role, AccountState state) {}
