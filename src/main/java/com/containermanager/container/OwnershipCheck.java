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
    public String requireOwnedActive(long ownerId, String idOrName) {
        String id = requireOwned(ownerId, idOrName);
        activity.record(id);
        return id;
    }

    /**
     * The full id of the user's container of this id or name; throws {@link ContainerNotFoundException} (404
     * "container not found") for anything else: unknown ids and names, prefixes and other users' containers alike.
     */
    public String requireOwned(long ownerId, String idOrName) {
        return containers.requireOwned(ownerId, idOrName).id();
    }
}
