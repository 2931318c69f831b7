package com.containermanager.user;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** One message for unknown user and wrong password, so the answer does not tell which usernames exist. */
class InvalidCredentialsException extends ApiException {
    InvalidCredentialsException() {
        super(HttpStatus.UNAUTHORIZED, "invalid username or password");
    }
}
