package com.containermanager.container;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** 409: the caller already has a container of this name, or one is being created under it. */
public class NameTakenException extends ApiException {
    public NameTakenException() {
        super(HttpStatus.CONFLICT, "name taken");
    }
}
