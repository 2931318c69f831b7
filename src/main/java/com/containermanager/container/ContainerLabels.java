package com.containermanager.container;

/** Labels the service puts on every container it creates; they cannot change later, so they are only a fast filter. */
final class ContainerLabels {

    static final String MANAGED = "container-manager.managed";
    static final String OWNER = "container-manager.owner";
    static final String JOB = "container-manager.job";

    private ContainerLabels() {}

    static String nameFor(java.util.UUID jobId) {
        return "cm-" + jobId;
    }
}
