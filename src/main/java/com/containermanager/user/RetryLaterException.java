package com.containermanager.user;

import com.containermanager.web.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** 429 with Retry-After: the login throttle's block, or every password check slot busy. */
class RetryLaterException extends ApiException {

    private final Duration retryAfter;

    private RetryLaterException(String message, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, message);
        this.retryAfter = retryAfter;
    }

    static RetryLaterException throttled(Duration retryAfter) {
        return new RetryLaterException("too many failed logins, try again later", retryAfter);
    }

    static RetryLaterException busy() {
        return new RetryLaterException(
                "too many password checks in progress, try again shortly", Duration.ofSeconds(1));
    }

    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
