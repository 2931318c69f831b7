package com.containermanager.user.spi;

/**
 * Implemented by each module that keeps something a user owns: containers, files, jobs, and (with their modules)
 * volumes and networks. An admin's suspension calls {@link #suspend} on every implementation; a user deletion job
 * calls {@link #removeAll} on every implementation, in {@link #order}, and removes the account only once all of them
 * succeeded. A module that adds a kind of resource implements this as a bean and is part of both at once.
 */
public interface UserResources {

    /** Runs after jobs (-10) and containers (0), and before networks (20): volumes (10) are mounted by containers. */
    int ORDER_JOBS = -10;

    int ORDER_CONTAINERS = 0;
    int ORDER_VOLUMES = 10;
    int ORDER_NETWORKS = 20;

    /** What it keeps, for logs and the deletion job's result: "containers", "files", "volumes". */
    String kind();

    /** The earlier first; see the constants. */
    default int order() {
        return ORDER_CONTAINERS;
    }

    /** The account was suspended: stop what runs on the user's behalf, remove nothing. */
    default void suspend(long userId) {}

    /**
     * Removes everything of this kind the user owns, and returns how many it removed. A deletion that failed or whose
     * worker died is run again: what an earlier run removed is simply not there any more. Throw
     * {@code job.spi.JobFailure.temporary} to have the deletion tried again later (something still in use).
     */
    long removeAll(long userId);
}
