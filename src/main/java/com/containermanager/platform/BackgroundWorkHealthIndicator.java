package com.containermanager.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * "backgroundWork" in /actuator/health and in readiness: DOWN when a background loop has stopped although nobody
 * asked it to, so that a load balancer stops sending work to an instance that can no longer do all of it.
 */
@Component("backgroundWork")
class BackgroundWorkHealthIndicator implements HealthIndicator {

    private final BackgroundLoops loops;

    BackgroundWorkHealthIndicator(BackgroundLoops loops) {
        this.loops = loops;
    }

    @Override
    public Health health() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean allRunning = true;
        for (SupervisedLoop loop : loops.all()) {
            boolean stopped = loop.stoppedUnexpectedly();
            allRunning &= !stopped;
            states.put(loop.name(), (stopped ? "stopped" : "running") + ", " + loop.failures() + " failures");
        }
        return (allRunning ? Health.up() : Health.down())
                .withDetail("loops", states)
                .build();
    }
}
