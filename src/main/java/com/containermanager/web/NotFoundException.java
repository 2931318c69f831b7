package com.containermanager.web;

import org.springframework.http.HttpStatus;

/** 404 naming what was not found ("token not found", "user not found"). */
public class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(HttpStatus.NOT_FOUND, message);
    }
}
