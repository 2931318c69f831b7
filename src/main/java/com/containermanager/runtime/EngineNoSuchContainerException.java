package com.containermanager.runtime;

/** The engine does not know the container (removed behind our back, or never existed). */
public final class EngineNoSuchContainerException extends EngineException {
    public EngineNoSuchContainerException(String containerId) {
        super("no such container " + containerId, null);
    }
}
