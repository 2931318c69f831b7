package com.containermanager.file;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

class InvalidFileNameException extends ApiException {
    InvalidFileNameException(String message) {
        super(HttpStatus.BAD_REQUEST, message);
    }
}
