package com.containermanager.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Applies every {@link RetentionPolicy}: a loop per policy wakes every tenth of its retention (at most once a
 * minute, at least every 100 ms) and deletes what has aged out, batch after batch, each in its own transaction.
 */
@Component
class RetentionSweeper implements SmartLifecycle {

    private static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
    private static final Duration LONGEST_PERIOD = Duration.ofMinutes(1);
    private static final Duration SHORTEST_PERIOD = Duration.ofMillis(100);

    private final List<RetentionPolicy> policies;
    private final BackgroundLoops loops;
    private final Clock clock;
    private final List<SupervisedLoop> running = new ArrayList<>();

    RetentionSweeper(List<RetentionPolicy> policies, BackgroundLoops loops, Clock clock) {
        this.policies = policies;
        this.loops = loops;
        this.clock = clock;
    }

    static Duration period(Duration retention) {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(LONGEST_PERIOD) > 0
                ? LONGEST_PERIOD
                : tenth.compareTo(SHORTEST_PERIOD) < 0 ? SHORTEST_PERIOD : tenth;
    }

    @Override
    public void start() {
        for (RetentionPolicy policy : policies) {
            running.add(loops.every(policy.name() + "-retention", period(policy.retention()), () -> sweep(policy)));
        }
    }

    private void sweep(RetentionPolicy policy) {
        Instant cutoff = clock.instant().minus(policy.retention());
        long total = 0;
        int deleted;
        do {
            deleted = policy.deleteOlderThan(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH && isRunning());
        if (total > 0) {
            log.info("Retention: deleted {} {} row(s) older than {}", total, policy.name(), policy.retention());
        }
    }

    @Override
    public void stop() {
        running.forEach(loops::stop);
        running.clear();
    }

    @Override
    public boolean isRunning() {
        return !running.isEmpty();
    }
}
