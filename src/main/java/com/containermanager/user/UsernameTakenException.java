package com.containermanager.user;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

class UsernameTakenException extends ApiException {
    UsernameTakenException() {
        super(HttpStatus.CONFLICT, "username already taken");
    }
}
