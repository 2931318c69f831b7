package com.containermanager.runtime;

import java.util.List;
import java.util.UUID;

/**
 * Everything that reaches the engine on create: image, command and environment, and whose container it is (the
 * adapter turns owner and job into labels and the name). Nothing else: the host configuration is the operator's.
 */
public record ContainerSpec(long ownerId, UUID jobId, String image, List<String> cmd, List<String> env) {

    public ContainerSpec {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
    }

    public String name() {
        return ContainerLabels.nameFor(jobId);
    }
}
