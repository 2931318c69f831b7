package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.web.BadRequestException;
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

    /** A user may ask for shorter, never longer: the first part asked longer than the profile allows is named. */
    @Test
    void shouldAllowAnOwnerShorterOrEqualNeverLonger() {
        assertThat(POLICY.longerPart(LifecyclePolicy.asked(Duration.ofMinutes(30), Duration.ZERO, Duration.ZERO)))
                .isNull();
        assertThat(POLICY.longerPart(
                        LifecyclePolicy.asked(Duration.ofHours(2), Duration.ofHours(8), Duration.ofDays(30))))
                .as("the same as the profile's is not longer")
                .isNull();
        assertThat(POLICY.longerPart(LifecyclePolicy.asked(Duration.ofHours(3), Duration.ZERO, Duration.ZERO)))
                .isEqualTo(LifecyclePolicy.Part.IDLE_STOP_AFTER);
        assertThat(POLICY.longerPart(
                        LifecyclePolicy.asked(Duration.ofMinutes(1), Duration.ofHours(9), Duration.ofDays(31))))
                .isEqualTo(LifecyclePolicy.Part.MAX_LIFETIME);
        assertThat(POLICY.longerPart(LifecyclePolicy.asked(
                        Duration.ZERO, Duration.ZERO, Duration.ofDays(30).plusSeconds(1))))
                .isEqualTo(LifecyclePolicy.Part.DELETE_AFTER_STOPPED);
        assertThat(LifecyclePolicy.OFF.longerPart(
                        LifecyclePolicy.asked(Duration.ofDays(365), Duration.ofDays(365), Duration.ofDays(365))))
                .as("a part the profile leaves off allows any")
                .isNull();
        assertThat(LifecyclePolicy.Part.DELETE_AFTER_STOPPED.field()).isEqualTo("delete_after_stopped");

        LifecyclePolicy own = LifecyclePolicy.asked(Duration.ofMinutes(30), Duration.ZERO, Duration.ZERO);
        LifecyclePolicy effective = POLICY.atMost(own);
        assertThat(effective)
                .as("shortened where asked; the rest and the warning are the profile's")
                .isEqualTo(new LifecyclePolicy(
                        Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofDays(30), Duration.ofMinutes(10)));
        LifecyclePolicy profileShortenedLater =
                new LifecyclePolicy(Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, Duration.ZERO);
        assertThat(profileShortenedLater.atMost(own).idleStopAfter())
                .as("a profile shortened below what was asked still wins")
                .isEqualTo(Duration.ofMinutes(10));
    }

    /** What POST /containers takes: ISO-8601 durations; anything else is refused with the field named. */
    @Test
    void shouldReadTheAskedPolicyAndRefuseWhatIsNotADuration() {
        assertThat(new CreateContainerRequest.Lifecycle("PT30M", null, "P7D").asked())
                .isEqualTo(LifecyclePolicy.asked(Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(7)));
        for (String bad : new String[] {"30m", "", "PT0S", "-PT5M", "PT0.5S", "P3651D", "PT9999999999999999H"}) {
            var lifecycle = new CreateContainerRequest.Lifecycle(null, bad, null);
            assertThatThrownBy(lifecycle::asked).as(bad).isInstanceOfSatisfying(BadRequestException.class, e -> {
                assertThat(e.getMessage()).startsWith("lifecycle.max_lifetime must be");
                assertThat(e.code()).isEqualTo("invalid_lifecycle");
            });
        }
        var tooLong = new LifecycleTooLongException(
                LifecyclePolicy.Part.IDLE_STOP_AFTER,
                LifecyclePolicy.asked(Duration.ofHours(3), Duration.ZERO, Duration.ZERO),
                "small",
                POLICY);
        assertThat(tooLong.getMessage())
                .isEqualTo("lifecycle.idle_stop_after PT3H is longer than profile small allows: at most PT2H");
        assertThat(tooLong.code()).isEqualTo("lifecycle_too_long");
    }
}
