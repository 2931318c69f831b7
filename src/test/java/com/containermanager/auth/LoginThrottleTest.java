package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(
            new AuthSettings(
                    null,
                    Duration.ofHours(72),
                    new AuthSettings.Throttle(3, 10, Duration.ofSeconds(10), Duration.ofSeconds(60))),
            clock);

    @Test
    void shouldAllowFreeFailuresThenBlockTheUsername() {
        for (int i = 0; i < 2; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
            assertThat(throttle.blockedFor("alice", "10.0.0.1")).isEmpty();
        }
        throttle.recordFailure("alice", "10.0.0.1");

        assertThat(throttle.blockedFor("alice", "10.0.0.2")).contains(Duration.ofSeconds(10));
        assertThat(throttle.blockedFor("ALICE", "10.0.0.2"))
                .as("usernames are case-insensitive")
                .isPresent();
        assertThat(throttle.blockedFor("bob", "10.0.0.2")).isEmpty();
    }

    @Test
    void shouldDoubleTheBlockWithEachFurtherFailureUpToTheMaximum() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
        }
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.blockedFor("alice", "x")).contains(Duration.ofSeconds(20));
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.blockedFor("alice", "x")).contains(Duration.ofSeconds(40));
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.blockedFor("alice", "x")).contains(Duration.ofSeconds(60));
    }

    @Test
    void shouldLiftTheBlockWhenTheWindowHasPassed() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(9));
        assertThat(throttle.blockedFor("alice", "x")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("alice", "x")).isEmpty();
    }

    @Test
    void shouldBlockAnAddressThatFailsForManyUsernames() {
        for (int i = 0; i < 10; i++) {
            throttle.recordFailure("user" + i, "10.0.0.9");
        }
        assertThat(throttle.blockedFor("someone-else", "10.0.0.9")).isPresent();
        assertThat(throttle.blockedFor("someone-else", "10.0.0.8")).isEmpty();
    }

    @Test
    void shouldResetTheUsernameOnSuccess() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
        }
        throttle.recordSuccess("alice");
        assertThat(throttle.blockedFor("alice", "10.0.0.1")).isEmpty();
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.blockedFor("alice", "10.0.0.1"))
                .as("counting starts over")
                .isEmpty();
    }

    @Test
    void shouldNotLetALoginToAnOwnAccountResetTheAddress() {
        for (int i = 0; i < 9; i++) {
            throttle.recordFailure("victim" + i, "10.0.0.9");
        }
        throttle.recordSuccess("attacker");
        throttle.recordFailure("victim9", "10.0.0.9");
        assertThat(throttle.blockedFor("victim10", "10.0.0.9")).isPresent();
    }

    @Test
    void shouldForgetKeysThatHaveBeenQuietLongerThanTheLongestBlock() {
        throttle.recordFailure("alice", "10.0.0.1");
        clock.advance(Duration.ofSeconds(61));
        throttle.forgetQuietKeys();
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.blockedFor("alice", "10.0.0.1"))
                .as("the first failure was forgotten")
                .isEmpty();
    }
}
