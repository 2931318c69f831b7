package com.containermanager.group;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Serialises the budget checks of one group, on every instance, like {@code limits.UserLock} does a user's: an
 * advisory lock held until the transaction ends. Taken after the user's lock, groups in id order, so that two
 * members' checks never wait for each other in a circle.
 */
@Component
public class GroupLock {

    private static final int LOCK_CLASS = 0x47525550; // "GRUP"

    private final JdbcClient jdbc;

    GroupLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void lock(long groupId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a group's budget lock needs a transaction");
        }
        jdbc.sql("select pg_advisory_xact_lock(:class, :key)")
                .param("class", LOCK_CLASS)
                .param("key", (int) (groupId ^ (groupId >>> 32)))
                .query((rs, n) -> 1)
                .single();
    }
}
