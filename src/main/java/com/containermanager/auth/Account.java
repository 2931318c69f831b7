package com.containermanager.auth;

/** What authentication needs to know of a user on every request: their role, and whether their tokens work. */
public record Account(long id, Role role, AccountState state) {

    public boolean active() {
        return state == AccountState.ACTIVE;
    }
}
