package com.containermanager.user;

/** An account is being removed, in this transaction: its audit rows keep its name from now on. */
public record AccountDeleted(long userId, String username) {}
