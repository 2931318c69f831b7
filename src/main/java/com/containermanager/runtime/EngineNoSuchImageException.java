package com.containermanager.runtime;

/** The image is neither present nor pullable; the message says which and why, in words fit for the job's owner. */
public final class EngineNoSuchImageException extends EngineException {
    public EngineNoSuchImageException(String message) {
        super(message, null);
    }
}
