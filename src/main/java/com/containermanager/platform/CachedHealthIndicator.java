package com.containermanager.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health check run at most once per period, however often health is asked for: probes, scrapers and anonymous
 * callers all read the last result, so asking for health cannot be used to load the engine or the database.
 * Callers that arrive while the check runs wait for its result rather than start checks of their own.
 */
public final class CachedHealthIndicator implements HealthIndicator {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    private final HealthIndicator check;
    private final Duration period;
    private final Clock clock;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Reading last;

    public CachedHealthIndicator(HealthIndicator check, Duration period, Clock clock) {
        this.check = check;
        this.period = period;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Reading reading = last;
        if (fresh(reading)) {
            return reading.health();
        }
        checking.lock();
        try {
            reading = last;
            if (fresh(reading)) {
                return reading.health();
            }
            Health health = check.health();
            last = new Reading(health, clock.millis());
            return health;
        } finally {
            checking.unlock();
        }
    }

    private boolean fresh(Reading reading) {
        return reading != null && clock.millis() - reading.readAt() < period.toMillis();
    }

    private record Reading(Health health, long readAt) {}
}
