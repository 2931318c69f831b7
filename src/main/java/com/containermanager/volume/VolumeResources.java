package com.containermanager.volume;

import com.containermanager.job.spi.JobFailure;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.user.spi.UserResources;
import org.springframework.stereotype.Component;

/** A deleted user's volumes and their data, after their containers (which the engine would not let go of them). */
@Component
class VolumeResources implements UserResources {

    private final Volumes volumes;

    VolumeResources(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public String kind() {
        return "volumes";
    }

    @Override
    public int order() {
        return ORDER_VOLUMES;
    }

    @Override
    public long removeAll(long userId) {
        try {
            return volumes.removeAll(userId);
        } catch (EngineRefusedException e) {
            throw JobFailure.temporary("a volume of the user is still in use", e);
        }
    }
}
