package com.containermanager.container;

import org.springframework.stereotype.Component;

/**
 * For the modules that work with one container (logs, stats, exec, console): the same ownership rule as every
 * container endpoint, checked before anything reaches the engine.
 */
@Component
public class OwnershipCheck {

    private final ContainerService containers;
    private final ContainerActivity activity;

    OwnershipCheck(ContainerService containers, ContainerActivity activity) {
        this.containers = containers;
        this.activity = activity;
    }

    /**
     * {@link #requireOwned}, and then the call counts as activity on the container (it postpones an idle stop): exec,
     * a followed log, a stats stream, a console opened.
     */
    public void requireOwnedActive(long ownerId, String containerId) {
        containers.requireOwned(ownerId, containerId);
        activity.record(containerId);
    }

    /**
     * Throws {@link ContainerNotFoundException} (404 "container not found") unless this is the full id of a
     * container the user owns: unknown ids, names, prefixes and other users' containers alike.
     */
    public void requireOwned(long ownerId, String containerId) {
        containers.requireOwned(ownerId, containerId);
    }
}
