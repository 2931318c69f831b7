package com.containermanager.runtime;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything that reaches the engine on create: image, command and environment, whose container it is (the
 * adapter turns owner and job into labels and the name), its size from the operator's profile (null: the
 * containers.* sizes), the user's network it joins (null: containers.network, or the engine's default) and the
 * user's volumes it mounts. Nothing
 * else: the host configuration is the operator's.
 */
public record ContainerSpec(
        long ownerId,
        UUID jobId,
        String image,
        List<String> cmd,
        List<String> env,
        @Nullable ContainerSize size,
        @Nullable NetworkAttachment network,
        List<VolumeMount> volumes) {

    public ContainerSpec {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
    }

    /** Without volumes. */
    public ContainerSpec(
            long ownerId,
            UUID jobId,
            String image,
            List<String> cmd,
            List<String> env,
            @Nullable ContainerSize size,
            @Nullable NetworkAttachment network) {
        this(ownerId, jobId, image, cmd, env, size, network, List.of());
    }

    /** On containers.network (or the engine's default network). */
    public ContainerSpec(
            long ownerId, UUID jobId, String image, List<String> cmd, List<String> env, @Nullable ContainerSize size) {
        this(ownerId, jobId, image, cmd, env, size, null, List.of());
    }

    /** Of the containers.* sizes. */
    public ContainerSpec(long ownerId, UUID jobId, String image, List<String> cmd, List<String> env) {
        this(ownerId, jobId, image, cmd, env, null, null, List.of());
    }

    public String name() {
        return ContainerLabels.nameFor(jobId);
    }
}
