package com.containermanager.container;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** The engine answered but would not do it (e.g. the command does not exist in the image); details go to the log. */
class EngineRefusedOperationException extends ApiException {
    EngineRefusedOperationException() {
        super(HttpStatus.CONFLICT, "the container engine refused the operation");
    }
}
