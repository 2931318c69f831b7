package com.containermanager.container.creation;

import com.containermanager.container.LifecyclePolicy;
import com.containermanager.runtime.ContainerSize;
import com.containermanager.runtime.VolumeMount;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A container_creation job's payload as stored with the job. {@code name} is null only in jobs of a release before
 * names, which the handler names after the job; {@code profile} and {@code size} only in jobs of a release before
 * profiles, which get the default profile's size; {@code lifecycle} (the container's own policy, checked against its
 * profile at submission) only when the owner asked for one. {@code volumes}: the owner's volumes it mounts, by the service's id.
 */
record CreationPayload(
        String image,
        List<String> cmd,
        List<String> env,
        List<String> files,
        @Nullable String name,
        @Nullable String profile,
        @Nullable ContainerSize size,
        @Nullable LifecyclePolicy lifecycle,
        List<VolumeMount> volumes) {

    /**
     * The previous release wrote no "files" when there were none (the API leaves empty values out); releases before
     * volumes wrote no "volumes".
     */
    CreationPayload(
            String image,
            List<String> cmd,
            List<String> env,
            @Nullable List<String> files,
            @Nullable String name,
            @Nullable String profile,
            @Nullable ContainerSize size,
            @Nullable LifecyclePolicy lifecycle,
            @Nullable List<VolumeMount> volumes) {
        this.image = image;
        this.cmd = cmd;
        this.env = env;
        this.files = files == null ? List.of() : files;
        this.name = name;
        this.profile = profile;
        this.size = size;
        this.lifecycle = lifecycle;
        this.volumes = volumes == null ? List.of() : volumes;
    }

    CreationPayload(String image, List<String> cmd, List<String> env, List<String> files, @Nullable String name) {
        this(image, cmd, env, files, name, null, null, null, null);
    }
}
