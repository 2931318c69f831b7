package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

class CachedHealthIndicatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger checks = new AtomicInteger();
    private final CachedHealthIndicator health = new CachedHealthIndicator(
            () -> {
                checks.incrementAndGet();
                return Health.up().build();
            },
            Duration.ofSeconds(1),
            clock);

    @Test
    void shouldCheckAtMostOncePerPeriodHoweverOftenAsked() {
        for (int i = 0; i < 1000; i++) {
            health.health();
        }
        assertThat(checks).hasValue(1);

        clock.advance(Duration.ofMillis(999));
        health.health();
        assertThat(checks).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        health.health();
        assertThat(checks).hasValue(2);
    }
}
