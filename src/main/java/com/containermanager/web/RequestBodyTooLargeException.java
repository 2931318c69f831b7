package com.containermanager.web;

import java.io.IOException;

/** Raised while reading a request body that grew past the configured limit. */
public class RequestBodyTooLargeException extends IOException {

    public RequestBodyTooLargeException(String message) {
        super(message);
    }
}
