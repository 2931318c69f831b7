package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

class LoginThrottleStoreIT extends IntegrationTest {

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

    private boolean exists(String key) {
        return jdbc.sql("select exists (select 1 from login_throttle where key = :key)")
                .param("key", key)
                .query(Boolean.class)
                .single();
    }
}
