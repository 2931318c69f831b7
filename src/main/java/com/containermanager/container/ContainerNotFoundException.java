package com.containermanager.container;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** Not a container of the caller's: unknown, someone else's, malformed, or gone from the engine. */
public class ContainerNotFoundException extends ApiException {
    public ContainerNotFoundException() {
        super(HttpStatus.NOT_FOUND, "container not found");
    }
}
