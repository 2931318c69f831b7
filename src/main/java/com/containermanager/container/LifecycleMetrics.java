package com.containermanager.container;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Counts lifecycle requests by outcome: executed (reached the engine), joined (shared one in flight), conflict (409). */
@Component
public class LifecycleMetrics {

    static final String NAME = "cm.container.lifecycle.requests";
    private final MeterRegistry registry;

    public LifecycleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void executed(LifecycleOperation operation) {
        increment(operation, "executed");
    }

    void joined(LifecycleOperation operation) {
        increment(operation, "joined");
    }

    void conflicted(LifecycleOperation operation) {
        increment(operation, "conflict");
    }

    /** For tests and dashboards: how many requests of this operation ended with this outcome so far. */
    public double count(LifecycleOperation operation, String outcome) {
        var counter = registry.find(NAME)
                .tag("operation", tag(operation))
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void increment(LifecycleOperation operation, String outcome) {
        registry.counter(NAME, "operation", tag(operation), "outcome", outcome).increment();
    }

    private static String tag(LifecycleOperation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }
}
