package com.containermanager.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A failure whose message is safe to show to the client as it is, with the status it maps to. */
public abstract class ApiException extends RuntimeException {

    private final HttpStatus status;

    protected ApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    protected ApiException(HttpStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The stable code of this failure (see {@link ErrorCodes}). */
    public String code() {
        return ErrorCodes.of(status, getMessage());
    }

    /** Headers the answer carries besides the body, such as Retry-After. */
    public HttpHeaders headers() {
        return HttpHeaders.EMPTY;
    }
}
