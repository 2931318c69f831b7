package com.containermanager.container.runtime;

/** The engine answered but refused the request (bad config, image problem). Permanent for that request. */
public class EngineRejectedException extends RuntimeException {
    public EngineRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
