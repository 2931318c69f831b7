package com.containermanager.container;

import com.containermanager.runtime.EngineContainerLostException;
import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.EngineNameConflictException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineNoSuchImageException;
import com.containermanager.runtime.EnginePullTimeoutException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ImagePullException;
import org.springframework.http.HttpStatus;

/**
 * The engine's failures in the contract's words (never the engine's own text), for every way an answer leaves: the
 * exception handler of the controllers and the console's WebSocket handshake alike.
 */
public record EngineErrorResponse(HttpStatus status, String error) {

    public static EngineErrorResponse of(EngineException e) {
        return switch (e) {
            case EngineUnavailableException unavailable ->
                new EngineErrorResponse(HttpStatus.SERVICE_UNAVAILABLE, "container engine unavailable");
            case EngineRefusedException refused ->
                new EngineErrorResponse(HttpStatus.CONFLICT, "the container engine refused the operation");
            case EngineNoSuchContainerException noSuchContainer ->
                new EngineErrorResponse(HttpStatus.NOT_FOUND, "container not found");
            case EngineNoSuchImageException noSuchImage ->
                new EngineErrorResponse(HttpStatus.NOT_FOUND, "image not found");
            case EngineNameConflictException nameConflict ->
                new EngineErrorResponse(HttpStatus.CONFLICT, "container name in use");
            case ImagePullException pull ->
                new EngineErrorResponse(
                        switch (pull.reason()) {
                            case IMAGE_NOT_FOUND -> HttpStatus.NOT_FOUND;
                            case REGISTRY_NOT_ALLOWED -> HttpStatus.BAD_REQUEST;
                            case REGISTRY_UNREACHABLE -> HttpStatus.BAD_GATEWAY;
                        },
                        pull.getMessage());
            case EngineContainerNotRunningException notRunning ->
                new EngineErrorResponse(HttpStatus.CONFLICT, "container not running");
            case EngineContainerLostException lost -> new EngineErrorResponse(HttpStatus.CONFLICT, "container lost");
            case EnginePullTimeoutException pullTimeout ->
                new EngineErrorResponse(HttpStatus.GATEWAY_TIMEOUT, "image pull timed out");
        };
    }
}
