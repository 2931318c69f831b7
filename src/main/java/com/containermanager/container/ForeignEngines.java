package com.containermanager.container;

import com.containermanager.container.ownership.OwnedContainer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator, once per engine, that this instance reads ownership rows of an engine it does not reach: most
 * likely a DOCKER_HOST that differs from the other instances', or a typo. The rows are left alone.
 */
final class ForeignEngines {

    private static final Logger log = LoggerFactory.getLogger(ForeignEngines.class);
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    void elsewhere(OwnedContainer row, String ownEngine) {
        String theirs = row.engineId() == null ? "unknown (recorded before engine identity)" : row.engineId();
        if (reported.add(theirs)) {
            log.warn(
                    "Container {} of user {} lives on engine {}, but this instance's engine is {}: leaving its"
                            + " ownership row (and those of any other container there) alone. If every instance"
                            + " should share one engine, check DOCKER_HOST.",
                    row.id(),
                    row.ownerId(),
                    theirs,
                    ownEngine);
        }
    }
}
