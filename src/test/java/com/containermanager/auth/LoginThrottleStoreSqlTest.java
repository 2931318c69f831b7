package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.SqlTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The login throttle's rows on PostgreSQL: what every instance counts together. */
@SqlTest
@Import(LoginThrottleStore.class)
class LoginThrottleStoreSqlTest {

    @Autowired
    private LoginThrottleStore store;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void shouldForgetQuietKeysAndKeepTheBlockedOnes() {
        String quiet = "pair:quiet-" + UUID.randomUUID();
        String blocked = "pair:blocked-" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            store.lock(List.of(blocked, quiet));
            store.save(quiet, new LoginThrottle.KeyState(1, null));
            store.save(blocked, new LoginThrottle.KeyState(9, Instant.now().plus(Duration.ofMinutes(5))));
        });

        store.forgetQuiet(Duration.ZERO);

        assertThat(exists(quiet)).isFalse();
        assertThat(exists(blocked)).isTrue();
    }

    @Test
    void shouldTakeBackOneAttemptAndTheBlockItArmed() {
        String address = "address:" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            store.lock(List.of(address));
            store.save(address, new LoginThrottle.KeyState(3, Instant.now().plus(Duration.ofMinutes(1))));
        });

        store.uncount(address, 3);

        assertThat(jdbc.sql("select attempts from login_throttle where key = :key")
                        .param("key", address)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select blocked_until is null from login_throttle where key = :key")
                        .param("key", address)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void shouldCountConcurrentAttemptsOneAfterAnother() throws Exception {
        String key = "username:" + UUID.randomUUID();
        int attempts = 40;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < attempts; i++) {
                done.add(threads.submit(() -> {
                    start.await();
                    transactions.executeWithoutResult(status -> {
                        LoginThrottleStore.Locked locked = store.lock(List.of(key));
                        int seen = locked.states().get(key).attempts();
                        store.save(key, new LoginThrottle.KeyState(seen + 1, null));
                    });
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> attempt : done) {
                attempt.get();
            }
        }

        assertThat(jdbc.sql("select attempts from login_throttle where key = :key")
                        .param("key", key)
                        .query(Integer.class)
                        .single())
                .as("each attempt read the count under the row's lock: none was lost")
                .isEqualTo(attempts);
    }

    private boolean exists(String key) {
        return jdbc.sql("select exists (select 1 from login_throttle where key = :key)")
                .param("key", key)
                .query(Boolean.class)
                .single();
    }
}
