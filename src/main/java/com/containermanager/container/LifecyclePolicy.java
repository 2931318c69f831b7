package com.containermanager.container;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When a container stops or goes on its own: after {@code idleStopAfter} without activity, after running
 * {@code maxLifetime} however busy, removed after being stopped for {@code deleteAfterStopped}; its owner is warned
 * {@code warnBefore} a stop. Zero turns each off. The operator's policy is the {@code lifecycle.*} settings, each
 * profile's its own values or those; a container's own policy (what its owner asked for at creation, only shorter)
 * narrows its profile's with {@link #atMost}.
 */
public record LifecyclePolicy(
        @NotNull Duration idleStopAfter,
        @NotNull Duration maxLifetime,
        @NotNull Duration deleteAfterStopped,
        @NotNull Duration warnBefore) {

    public static final LifecyclePolicy OFF =
            new LifecyclePolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Why a running container will stop. */
    public enum StopReason {
        IDLE,
        LIFETIME;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static @Nullable StopReason of(@Nullable String value) {
            return value == null ? null : valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The next stop of a container that runs: when and why; null when no policy stops it. */
    public record Stop(Instant at, StopReason reason) {}

    /**
     * When a running container stops: the earlier of its idle stop (last activity, or its start when later, plus
     * {@code idleStopAfter}) and the end of its lifetime; null when neither applies.
     */
    public @Nullable Stop stopOf(Instant runningSince, @Nullable Instant lastActivity) {
        Instant idle = null;
        if (on(idleStopAfter)) {
            Instant active = lastActivity == null || lastActivity.isBefore(runningSince) ? runningSince : lastActivity;
            idle = active.plus(idleStopAfter);
        }
        Instant lifetime = on(maxLifetime) ? runningSince.plus(maxLifetime) : null;
        if (idle == null && lifetime == null) {
            return null;
        }
        if (lifetime == null || (idle != null && idle.isBefore(lifetime))) {
            return new Stop(idle, StopReason.IDLE);
        }
        return new Stop(lifetime, StopReason.LIFETIME);
    }

    /** When a container that is not running is removed (stopped at, or created at if it never ran); null: never. */
    public @Nullable Instant deletionOf(Instant stoppedOrCreated) {
        return on(deleteAfterStopped) ? stoppedOrCreated.plus(deleteAfterStopped) : null;
    }

    /** A policy no looser than this one and the other: for each value the shorter one that is on. */
    public LifecyclePolicy atMost(LifecyclePolicy other) {
        return new LifecyclePolicy(
                shorter(idleStopAfter, other.idleStopAfter),
                shorter(maxLifetime, other.maxLifetime),
                shorter(deleteAfterStopped, other.deleteAfterStopped),
                warnBefore);
    }

    /** What an owner asked for at creation: zero for a part not asked, which keeps the profile's; no warning. */
    public static LifecyclePolicy asked(Duration idleStopAfter, Duration maxLifetime, Duration deleteAfterStopped) {
        return new LifecyclePolicy(idleStopAfter, maxLifetime, deleteAfterStopped, Duration.ZERO);
    }

    /** The parts an owner may ask for, by their name in the API. */
    public enum Part {
        IDLE_STOP_AFTER,
        MAX_LIFETIME,
        DELETE_AFTER_STOPPED;

        public String field() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public Duration of(LifecyclePolicy policy) {
            return switch (this) {
                case IDLE_STOP_AFTER -> policy.idleStopAfter();
                case MAX_LIFETIME -> policy.maxLifetime();
                case DELETE_AFTER_STOPPED -> policy.deleteAfterStopped();
            };
        }
    }

    /**
     * The first part of {@code asked} (zero: not asked) that is longer than this policy allows, or null: a user may
     * ask for shorter, never longer. A part this policy leaves off allows any; asking for the same is allowed.
     */
    public @Nullable Part longerPart(LifecyclePolicy asked) {
        for (Part part : Part.values()) {
            Duration bound = part.of(this);
            Duration wanted = part.of(asked);
            if (on(wanted) && on(bound) && wanted.compareTo(bound) > 0) {
                return part;
            }
        }
        return null;
    }

    private static Duration shorter(Duration mine, Duration theirs) {
        if (!on(theirs)) {
            return mine;
        }
        return !on(mine) || theirs.compareTo(mine) < 0 ? theirs : mine;
    }

    static boolean on(Duration duration) {
        return duration.isPositive();
    }
}
