package com.containermanager.job;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Jobs by type and final status, and the queue: how many jobs wait and how old the oldest is. */
@Component
class JobMetrics {

    private static final long REFRESH_MS = 1000;
    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile QueueState queue = new QueueState(0, 0, 0);

    JobMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("cm.jobs.queue.depth", this, m -> m.queue().depth())
                .description("Jobs pending or running")
                .register(registry);
        Gauge.builder("cm.jobs.queue.oldest.age", this, m -> m.queue().oldestAgeSeconds())
                .description("Age in seconds of the oldest unfinished job")
                .baseUnit("seconds")
                .register(registry);
    }

    @EventListener
    void on(JobFinished finished) {
        registry.counter(
                        "cm.jobs.finished",
                        "type",
                        finished.type(),
                        "status",
                        finished.status().value())
                .increment();
    }

    /** Read at most once a second, however often the gauges are scraped. */
    private QueueState queue() {
        QueueState current = queue;
        long now = clock.millis();
        if (now - current.readAt() >= REFRESH_MS) {
            try {
                current = jdbc.sql("select count(*) as depth, coalesce(extract(epoch from now() - min(created_at)), 0) "
                                + "as age from jobs where status in ('pending', 'running')")
                        .query((rs, n) -> new QueueState(rs.getLong("depth"), rs.getDouble("age"), now))
                        .single();
                queue = current;
            } catch (RuntimeException e) {
                // keep the last reading: the database health indicator reports the outage
            }
        }
        return current;
    }

    private record QueueState(long depth, double oldestAgeSeconds, long readAt) {}
}
