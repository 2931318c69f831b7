package com.containermanager.container;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Counts containers removed because nobody owns them (metric cm.containers.orphans.removed, by reason). */
@Component
public class OrphanRemovals {

    public enum Reason {
        /** A creation job failed after its container existed. */
        FAILED_JOB,
        /** The sweeper found a container of ours with no ownership row and no unfinished job claiming it. */
        UNOWNED,
        /** The sweeper found a container whose owner no longer exists. */
        DELETED_USER
    }

    private final MeterRegistry registry;

    OrphanRemovals(MeterRegistry registry) {
        this.registry = registry;
        for (Reason reason : Reason.values()) {
            counter(reason); // every reason shows from the start, at 0
        }
    }

    public void removed(Reason reason) {
        counter(reason).increment();
    }

    private io.micrometer.core.instrument.Counter counter(Reason reason) {
        return io.micrometer.core.instrument.Counter.builder("cm.containers.orphans.removed")
                .description("Containers removed because nobody owns them")
                .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
