package com.containermanager.web;

import org.springframework.http.HttpStatus;

/** 403 with a message that says what is not allowed ("missing scope: admin", "registration is closed"). */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(HttpStatus.FORBIDDEN, message);
    }
}
