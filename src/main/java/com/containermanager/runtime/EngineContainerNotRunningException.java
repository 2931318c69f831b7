package com.containermanager.runtime;

/** The operation needs a running container (exec, a console) and this one is not running. */
public final class EngineContainerNotRunningException extends EngineException {
    public EngineContainerNotRunningException() {
        super("container not running", null);
    }
}
