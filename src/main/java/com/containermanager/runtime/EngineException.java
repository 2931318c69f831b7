package com.containermanager.runtime;

/**
 * Everything the engine can say that is not an answer, in the service's words. Sealed, so that the one place
 * that turns failures into HTTP answers ({@code ApiExceptionHandler}) must map each of them, and no HTTP status
 * lives in this layer.
 */
public abstract sealed class EngineException extends RuntimeException
        permits EngineUnavailableException,
                EngineRefusedException,
                EngineNoSuchContainerException,
                EngineNoSuchImageException,
                EngineNameConflictException,
                ImagePullException,
                EngineContainerNotRunningException,
                EngineContainerLostException,
                EnginePullTimeoutException {

    EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
