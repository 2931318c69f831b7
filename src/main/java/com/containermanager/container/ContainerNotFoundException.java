package com.containermanager.container;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

class ContainerNotFoundException extends ApiException {
    ContainerNotFoundException() {
        super(HttpStatus.NOT_FOUND, "container not found");
    }
}
