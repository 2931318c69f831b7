package com.containermanager.file;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** A Range header that no byte of the file satisfies; the answer names the file's size in Content-Range. */
class RangeNotSatisfiableException extends ApiException {

    private final long size;

    RangeNotSatisfiableException(long size) {
        super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range not satisfiable");
        this.size = size;
    }

    long size() {
        return size;
    }
}
