package com.containermanager.runtime;

/**
 * The container's host is gone for good (under {@code runtime.kind: swarm}, its node is no longer in the swarm): it
 * cannot be started, stopped or restarted again, only deleted. The message names the host, for logs and job errors.
 */
public final class EngineContainerLostException extends EngineException {
    public EngineContainerLostException(String message) {
        super(message, null);
    }
}
