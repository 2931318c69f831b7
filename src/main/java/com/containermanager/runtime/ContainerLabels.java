package com.containermanager.runtime;

import java.util.HashMap;
import java.util.Map;
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
    /**
     * The port's id of a container whose engine id changes (a swarm service's: on the service and on each task's
     * container); an event of a container carrying it is reported under it.
     */
    public static final String ID = "container-manager.id";

    private ContainerLabels() {}

    /** What every container of this installation carries: the operator's labels, ours, the installation's id. */
    public static Map<String, String> ofInstallation(Map<String, String> operators, String installation) {
        Map<String, String> ours = new HashMap<>(operators);
        ours.put(MANAGED, "true");
        ours.put(INSTALLATION, installation);
        return Map.copyOf(ours);
    }

    /** The installation's labels with the container's owner and creation job. */
    public static Map<String, String> ofContainer(Map<String, String> installation, long ownerId, UUID jobId) {
        Map<String, String> labels = new HashMap<>(installation);
        labels.put(OWNER, Long.toString(ownerId));
        labels.put(JOB, jobId.toString());
        return labels;
    }

    /** The name of the container a creation job makes: one per job, so that a retry finds the earlier attempt's. */
    public static String nameFor(UUID jobId) {
        return "cm-" + jobId;
    }
}
