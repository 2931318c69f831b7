package com.containermanager.auth;

/** Whether a user id still belongs to a registered user; implemented by the user module so auth stays below it. */
public interface KnownUsers {
    boolean exists(long userId);
}
