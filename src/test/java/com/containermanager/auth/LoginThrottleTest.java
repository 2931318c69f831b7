package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.platform.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The throttle's policy on a fake clock and an in-memory copy of its rows; LoginThrottleIT runs it on PostgreSQL. */
class LoginThrottleTest {

    private static final AuthSettings.Throttle POLICY =
            new AuthSettings.Throttle(3, 10, Duration.ofSeconds(10), Duration.ofSeconds(60), 6, 0);
    private static final Backoff BLOCKS = new Backoff(POLICY.baseBlock(), POLICY.maxBlock());

    private final Map<String, LoginThrottle.KeyState> rows = new HashMap<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private Optional<Duration> attempt(String username, String address) {
        LoginThrottle.Admission admission =
                LoginThrottle.decide(LoginThrottle.keysFor(POLICY, username, address), rows, now, BLOCKS);
        rows.putAll(admission.counted());
        return admission.refusedFor();
    }

    @Test
    void shouldLetTheFreeFailuresThroughThenBlockThePair() {
        for (int i = 0; i < 3; i++) {
            assertThat(attempt("alice", "10.0.0.1")).as("attempt " + (i + 1)).isEmpty();
        }

        assertThat(attempt("alice", "10.0.0.1")).contains(Duration.ofSeconds(10));
        assertThat(attempt("ALICE", "10.0.0.1"))
                .as("usernames are case-insensitive")
                .isPresent();
        assertThat(attempt("alice", "10.0.0.2"))
                .as("the owner, from another address, is not locked out")
                .isEmpty();
        assertThat(attempt("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void shouldCountNothingForARefusedAttempt() {
        for (int i = 0; i < 3; i++) {
            attempt("alice", "10.0.0.1");
        }
        Map<String, LoginThrottle.KeyState> before = Map.copyOf(rows);

        for (int i = 0; i < 50; i++) {
            assertThat(attempt("alice", "10.0.0.1")).isPresent();
        }

        assertThat(rows)
                .as("hammering a block neither lengthens it nor counts elsewhere")
                .isEqualTo(before);
    }

    @Test
    void shouldLetOneAttemptThroughWhenTheBlockEndsAndDoubleTheNextBlock() {
        for (int i = 0; i < 3; i++) {
            attempt("alice", "10.0.0.1");
        }
        now = now.plusSeconds(9);
        assertThat(attempt("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
        now = now.plusSeconds(1);

        assertThat(attempt("alice", "10.0.0.1")).as("the block is over").isEmpty();
        assertThat(attempt("alice", "10.0.0.1")).contains(Duration.ofSeconds(20));
        now = now.plusSeconds(20);
        attempt("alice", "10.0.0.1");
        assertThat(attempt("alice", "10.0.0.1")).contains(Duration.ofSeconds(40));
        now = now.plusSeconds(40);
        attempt("alice", "10.0.0.1");
        assertThat(attempt("alice", "10.0.0.1")).as("capped").contains(Duration.ofSeconds(60));
    }

    @Test
    void shouldBlockAnAddressThatFailsForManyUsernamesAndNoOtherAddress() {
        for (int i = 0; i < 10; i++) {
            assertThat(attempt("user" + i, "10.0.0.9")).isEmpty();
        }
        assertThat(attempt("someone-else", "10.0.0.9")).isPresent();
        assertThat(attempt("someone-else", "10.0.0.8")).isEmpty();
    }

    @Test
    void shouldBlockAUsernameEverywhereOnlyPastTheMuchHigherCeiling() {
        for (int i = 0; i < 6; i++) {
            assertThat(attempt("alice", "10.0.1." + i))
                    .as("one failure from each of many addresses")
                    .isEmpty();
        }
        assertThat(attempt("alice", "10.0.2.1"))
                .as("past the ceiling, from anywhere")
                .isPresent();
        assertThat(attempt("bob", "10.0.2.1")).isEmpty();
    }
}
