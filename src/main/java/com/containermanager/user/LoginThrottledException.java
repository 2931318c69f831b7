package com.containermanager.user;

import com.containermanager.web.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

class LoginThrottledException extends ApiException {

    private final Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "too many failed logins, try again later");
        this.retryAfter = retryAfter;
    }

    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
