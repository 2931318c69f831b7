package com.containermanager.runtime;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything that reaches the engine on create: image, command and environment, whose container it is (the
 * adapter turns owner and job into labels and the name), and its size from the operator's profile (null: the
 * containers.* sizes). Nothing else: the host configuration is the operator's.
 */
public record ContainerSpec(
        long ownerId,
        UUID jobId,
        String image,
        List<String> cmd,
        List<String> env,
        @Nullable ContainerSize size) {

    public ContainerSpec {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
    }

    /** Of the containers.* sizes. */
    public ContainerSpec(long ownerId, UUID jobId, String image, List<String> cmd, List<String> env) {
        this(ownerId, jobId, image, cmd, env, null);
    }

    public String name() {
        return ContainerLabels.nameFor(jobId);
    }
}
