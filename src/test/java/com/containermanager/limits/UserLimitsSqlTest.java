package com.containermanager.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.SqlTest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A user's overrides are read afresh at every check, except under the user's lock, where no other transaction can
 * change them: there one read serves the rest of the transaction (a creation's checks and its job's).
 */
@SqlTest
@Import({UserLimits.class, UserLock.class})
class UserLimitsSqlTest {

    @Autowired
    private UserLimits limits;

    @Autowired
    private UserLock lock;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void shouldKeepTheOverridesReadUnderTheUsersLockForTheRestOfTheTransaction() {
        long user = user();
        limits.change(user, Map.of(LimitSettings.CONTAINERS, 5L));

        long[] seen = transactions.execute(status -> {
            lock.lock(user);
            long first = limits.of(user).get(LimitSettings.CONTAINERS, 0);
            // Behind the lock's back (nothing in the service writes so): the transaction keeps what it read.
            setContainersElsewhere(user, 7);
            return new long[] {first, limits.of(user).get(LimitSettings.CONTAINERS, 0)};
        });

        assertThat(seen).containsExactly(5, 5);
        assertThat(limits.of(user).get(LimitSettings.CONTAINERS, 0))
                .as("outside that transaction, read afresh")
                .isEqualTo(7);
    }

    @Test
    void shouldReadAfreshInATransactionWithoutTheUsersLock() {
        long user = user();
        limits.change(user, Map.of(LimitSettings.CONTAINERS, 5L));

        long[] seen = transactions.execute(status -> {
            long first = limits.of(user).get(LimitSettings.CONTAINERS, 0);
            setContainersElsewhere(user, 7);
            return new long[] {first, limits.of(user).get(LimitSettings.CONTAINERS, 0)};
        });

        assertThat(seen).containsExactly(5, 7);
    }

    @Test
    void shouldSeeItsOwnChangeUnderTheLock() {
        long user = user();
        limits.change(user, Map.of(LimitSettings.CONTAINERS, 5L));

        long seen = transactions.execute(status -> {
            lock.lock(user);
            limits.of(user);
            limits.change(user, Map.of(LimitSettings.CONTAINERS, 9L));
            return limits.of(user).get(LimitSettings.CONTAINERS, 0);
        });

        assertThat(seen).isEqualTo(9);
    }

    /** Another thread's own transaction (autocommit): committed before this returns. */
    private void setContainersElsewhere(long user, long value) {
        CompletableFuture.runAsync(() -> jdbc.sql(
                                "update user_limits set limits = cast(:limits as jsonb) " + "where user_id = :user")
                        .param("limits", "{\"" + LimitSettings.CONTAINERS + "\": " + value + "}")
                        .param("user", user)
                        .update())
                .join();
    }

    private long user() {
        return jdbc.sql("insert into users (username, password_hash) values (:name, 'x') returning id")
                .param("name", "user-" + UUID.randomUUID())
                .query(Long.class)
                .single();
    }
}
