package com.containermanager.container;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

public class ConflictingOperationException extends ApiException {
    public ConflictingOperationException() {
        super(HttpStatus.CONFLICT, "conflict container operation");
    }
}
