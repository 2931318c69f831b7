package com.containermanager.runtime;

/** The engine did not answer (down, socket missing, timeout). Transient: worth retrying later. */
public final class EngineUnavailableException extends EngineException {
    public EngineUnavailableException(Throwable cause) {
        super("container engine unavailable", cause);
    }
}
