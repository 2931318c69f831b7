package com.containermanager.runtime;

/** A pull outlasted its overall deadline (containers.pull_timeout) and was abandoned. */
public final class EnginePullTimeoutException extends EngineException {
    public EnginePullTimeoutException() {
        super("image pull timed out", null);
    }
}
