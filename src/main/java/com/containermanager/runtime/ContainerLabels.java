package com.containermanager.runtime;

import java.util.UUID;

/**
 * Labels the adapter puts on every container it creates, with the operator's own; they cannot change later, so
 * they are a fast filter and never the authority on ownership (PostgreSQL is).
 */
public final class ContainerLabels {

    public static final String MANAGED = "container-manager.managed";
    public static final String OWNER = "container-manager.owner";
    public static final String JOB = "container-manager.job";
    /** The installation (database) that created it: the orphan sweeper considers only its own installation's. */
    public static final String INSTALLATION = "container-manager.installation";

    private ContainerLabels() {}

    /** The name of the container a creation job makes: one per job, so that a retry finds the earlier attempt's. */
    public static String nameFor(UUID jobId) {
        return "cm-" + jobId;
    }
}
