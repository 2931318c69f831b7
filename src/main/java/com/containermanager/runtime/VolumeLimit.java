package com.containermanager.runtime;

/**
 * Whether a volume's size holds (volumes.limit): hard, a file system of that size on a loop device of the engine's
 * host (a write past it fails; needs root there); soft, the engine's own volume, measured (engines on machines of
 * their own, such as Swarm nodes, or hosts without loop devices).
 */
public enum VolumeLimit {
    HARD,
    SOFT
}
