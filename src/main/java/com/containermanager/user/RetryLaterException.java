package com.containermanager.user;

import com.containermanager.web.TooManyRequestsException;
import java.time.Duration;

/** 429 with Retry-After: the login throttle's block, or every password check slot busy. */
class RetryLaterException extends TooManyRequestsException {

    private RetryLaterException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }

    static RetryLaterException throttled(Duration retryAfter) {
        return new RetryLaterException("too many failed logins, try again later", retryAfter);
    }

    static RetryLaterException busy() {
        return new RetryLaterException(
                "too many password checks in progress, try again shortly", Duration.ofSeconds(1));
    }
}
