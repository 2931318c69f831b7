package com.containermanager.container;

/**
 * Coordinates lifecycle operations per container: an identical operation already in flight is joined (one engine
 * call, one shared outcome), a different one is refused with {@link ConflictingOperationException}. The outcome is
 * success or an exception; it carries no value, because a joined request on another instance can only be told
 * how the operation ended.
 */
public interface OperationCoordinator {

    /** Runs the action, or joins the identical one in flight; callers check ownership before calling. */
    void run(String containerId, LifecycleOperation operation, Runnable action);
}
