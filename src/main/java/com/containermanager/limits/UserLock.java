package com.containermanager.limits;

import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Serialises the limit checks of one user, in every instance: a PostgreSQL advisory lock held until the caller's
 * transaction ends. A check and the write it allows (a job, a reservation) happen under it, so concurrent requests,
 * on any instance, cannot jointly pass a count. Taken again in the same transaction, it is held already.
 */
@Component
public class UserLock {

    /** The lock space of these locks, so that they never meet other advisory locks of the database. */
    private static final int LOCK_CLASS = 0x4c494d54; // "LIMT"

    private final JdbcClient jdbc;

    UserLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the user until the current transaction ends; there must be one. */
    public void lock(long userId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a user's limit lock needs a transaction");
        }
        if (!lockedInThisTransaction().add(userId)) {
            return; // held already: no round trip
        }
        jdbc.sql("select pg_advisory_xact_lock(:class, :key)")
                .param("class", LOCK_CLASS)
                // Two users share a key only past 2^32 ids: then they merely wait for each other.
                .param("key", (int) (userId ^ (userId >>> 32)))
                .query((rs, n) -> 1)
                .single();
    }

    /** Whether the current transaction holds the user's lock: no other transaction can then change their limits. */
    boolean heldInThisTransaction(long userId) {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && lockedInThisTransaction().contains(userId);
    }

    /** The users this transaction has locked. */
    private static Set<Long> lockedInThisTransaction() {
        return TransactionKept.get(LockedUsers.class, LockedUsers::new).users;
    }

    private static final class LockedUsers implements TransactionSynchronization {
        final Set<Long> users = new HashSet<>();
    }
}
