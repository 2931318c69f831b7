package com.containermanager.container;

import org.jspecify.annotations.Nullable;

/**
 * A lifecycle request on a container (start, stop, delete) was answered, with how it ended. Published
 * synchronously before the answer is sent, so a listener's write (the audit row) is durable once the caller has
 * its answer. {@code target} is the container id as given, or "(invalid id)".
 */
public record ContainerOperationCompleted(
        long ownerId,
        LifecycleOperation operation,
        String target,
        Outcome outcome,
        @Nullable String detail) {

    public enum Outcome {
        OK,
        NOT_FOUND,
        CONFLICT,
        ENGINE_UNAVAILABLE,
        FAILED
    }
}
