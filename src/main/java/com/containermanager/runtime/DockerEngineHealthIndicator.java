package com.containermanager.runtime;

import com.containermanager.platform.CachedHealthIndicator;
import java.time.Clock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** "dockerEngine" in health: UP with the engine's version, DOWN when it does not answer; asked at most once a second. */
@Component("dockerEngine")
class DockerEngineHealthIndicator implements HealthIndicator {

    private final HealthIndicator cached;

    DockerEngineHealthIndicator(ContainerRuntime runtime, Clock clock) {
        this.cached = new CachedHealthIndicator(() -> check(runtime), CachedHealthIndicator.DEFAULT_PERIOD, clock);
    }

    @Override
    public Health health() {
        return cached.health();
    }

    private static Health check(ContainerRuntime runtime) {
        try {
            return Health.up().withDetail("version", runtime.version()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", "engine did not answer").build();
        }
    }
}
