package com.containermanager.runtime;

/**
 * The size of one container, from its profile: CPUs, memory, processes, GPUs (0: none) and whether its root file
 * system is read-only. The adapter applies it as the engine's limits; users never set it themselves.
 */
public record ContainerSize(double cpus, long memoryBytes, long pidsLimit, int gpus, boolean readOnly) {

    public ContainerSize {
        if (cpus <= 0 || memoryBytes <= 0 || pidsLimit <= 0 || gpus < 0) {
            throw new IllegalArgumentException("a container's size must be positive");
        }
    }
}
