package com.containermanager.runtime;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** "dockerEngine" in /actuator/health: UP with the engine's version, DOWN when it does not answer. */
@Component("dockerEngine")
class DockerEngineHealthIndicator implements HealthIndicator {

    private final ContainerRuntime runtime;

    DockerEngineHealthIndicator(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetail("version", runtime.version()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", "engine did not answer").build();
        }
    }
}
