package com.containermanager.container.runtime;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** The engine did not answer (down, socket missing, timeout). Transient: worth retrying later. */
public class EngineUnavailableException extends ApiException {
    public EngineUnavailableException(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "container engine unavailable", cause);
    }
}
