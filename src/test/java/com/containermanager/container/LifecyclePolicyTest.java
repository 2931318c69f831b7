package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The policy's rule in Java, the same as the round's SQL: which stop comes first, and what 0 turns off. */
class LifecyclePolicyTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final LifecyclePolicy POLICY =
            new LifecyclePolicy(Duration.ofHours(2), Duration.ofHours(8), Duration.ofDays(30), Duration.ofMinutes(10));

    @Test
    void shouldStopWhenIdleCountingFromTheLaterOfStartAndActivity() {
        assertThat(POLICY.stopOf(START, null))
                .isEqualTo(new LifecyclePolicy.Stop(START.plus(Duration.ofHours(2)), LifecyclePolicy.StopReason.IDLE));
        assertThat(POLICY.stopOf(START, START.minus(Duration.ofHours(1))).at()).isEqualTo(START.plusSeconds(7200));
        assertThat(POLICY.stopOf(START, START.plus(Duration.ofHours(3))).at())
                .isEqualTo(START.plus(Duration.ofHours(5)));
    }

    @Test
    void shouldStopAtTheLifetimeHoweverBusy() {
        LifecyclePolicy.Stop stop = POLICY.stopOf(START, START.plus(Duration.ofHours(7)));
        assertThat(stop)
                .isEqualTo(
                        new LifecyclePolicy.Stop(START.plus(Duration.ofHours(8)), LifecyclePolicy.StopReason.LIFETIME));
    }

    @Test
    void shouldTurnEachPartOffWithZero() {
        assertThat(LifecyclePolicy.OFF.stopOf(START, null)).isNull();
        assertThat(LifecyclePolicy.OFF.deletionOf(START)).isNull();
        LifecyclePolicy lifetimeOnly =
                new LifecyclePolicy(Duration.ZERO, Duration.ofHours(1), Duration.ZERO, Duration.ZERO);
        assertThat(lifetimeOnly.stopOf(START, null).reason()).isEqualTo(LifecyclePolicy.StopReason.LIFETIME);
        assertThat(POLICY.deletionOf(START)).isEqualTo(START.plus(Duration.ofDays(30)));
    }

    @Test
    void shouldCombineToTheShorterOfEachThatIsOn() {
        LifecyclePolicy asked =
                new LifecyclePolicy(Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(90), Duration.ZERO);
        LifecyclePolicy combined = POLICY.atMost(asked);
        assertThat(combined.idleStopAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(combined.maxLifetime())
                .as("never longer: off asks for nothing")
                .isEqualTo(Duration.ofHours(8));
        assertThat(combined.deleteAfterStopped()).as("never longer").isEqualTo(Duration.ofDays(30));
        assertThat(LifecyclePolicy.OFF.atMost(asked).idleStopAfter()).isEqualTo(Duration.ofMinutes(30));
    }
}
