package com.containermanager.container;

import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.runtime.ContainerRuntime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives ownership rows written before engine identity existed the engine they live on. Rows whose container this
 * instance's engine holds are its own. If it holds any of them, it was the engine of the whole single-engine
 * deployment that wrote them, so the rest (containers that vanished meanwhile) are its own too, and listing
 * forgets them as before. If it holds none, the rows are left for an instance on their engine.
 */
@Component
class EngineIdentityBackfill {

    private static final Logger log = LoggerFactory.getLogger(EngineIdentityBackfill.class);

    private final OwnershipRepository ownership;
    private final ContainerRuntime runtime;

    EngineIdentityBackfill(OwnershipRepository ownership, ContainerRuntime runtime) {
        this.ownership = ownership;
        this.runtime = runtime;
    }

    @EventListener(ApplicationReadyEvent.class)
    void backfill() {
        List<String> unknown = ownership.withoutEngine();
        if (unknown.isEmpty()) {
            return;
        }
        try {
            String engine = runtime.engineId();
            Set<String> present = new HashSet<>(runtime.managedContainerIds());
            if (unknown.stream().noneMatch(present::contains)) {
                log.warn(
                        "{} ownership row(s) predate engine identity and none of their containers is on this"
                                + " instance's engine {}: leaving them for an instance on their engine",
                        unknown.size(),
                        engine);
                return;
            }
            ownership.adoptEngine(unknown, engine);
            log.info(
                    "Recorded engine {} for {} ownership row(s) written before engine identity",
                    engine,
                    unknown.size());
        } catch (RuntimeException e) {
            log.warn("Could not record engines for older ownership rows: {}", e.getMessage());
        }
    }
}
