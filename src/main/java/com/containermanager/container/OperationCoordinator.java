package com.containermanager.container;

import java.util.function.Supplier;

/**
 * Coordinates lifecycle operations per container: an identical operation already in flight is joined (one engine
 * call, one shared outcome), a different one is refused with {@link ConflictingOperationException}.
 * Behind an interface because a later step makes it hold across instances (e.g. PostgreSQL advisory locks).
 */
public interface OperationCoordinator {

    /** Runs the action, or joins the identical one in flight; callers check ownership before calling. */
    <T> T run(String containerId, LifecycleOperation operation, Supplier<T> action);
}
