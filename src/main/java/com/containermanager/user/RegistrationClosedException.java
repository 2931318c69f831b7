package com.containermanager.user;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

class RegistrationClosedException extends ApiException {
    RegistrationClosedException() {
        super(HttpStatus.FORBIDDEN, "registration is closed");
    }
}
