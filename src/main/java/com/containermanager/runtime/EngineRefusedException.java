package com.containermanager.runtime;

/**
 * The engine answered but would not do it (bad configuration, a command missing from the image). Permanent for
 * that request; the message carries the engine's reason, for logs and job errors, never for HTTP answers.
 */
public final class EngineRefusedException extends EngineException {
    public EngineRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
