package com.containermanager.container;

import com.containermanager.job.spi.JobFailure;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.user.spi.UserResources;
import org.springframework.stereotype.Component;

/**
 * A deleted user's networks: removed from the engine (after their containers, which the engine would not let go
 * of them otherwise), then their subnets released for others.
 */
@Component
class NetworkResources implements UserResources {

    private final ContainerRuntime runtime;
    private final NetworkAllocations allocations;

    NetworkResources(ContainerRuntime runtime, NetworkAllocations allocations) {
        this.runtime = runtime;
        this.allocations = allocations;
    }

    @Override
    public String kind() {
        return "networks";
    }

    @Override
    public int order() {
        return ORDER_NETWORKS;
    }

    @Override
    public long removeAll(long userId) {
        int removed;
        try {
            removed = runtime.removeNetworks(userId);
        } catch (EngineRefusedException e) {
            // A container of theirs still on it (one being removed): the deletion is tried again later.
            throw JobFailure.temporary("a network of the user is still in use", e);
        }
        allocations.releaseAll(userId);
        return removed;
    }
}
