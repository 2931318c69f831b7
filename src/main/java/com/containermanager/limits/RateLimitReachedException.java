package com.containermanager.limits;

import com.containermanager.web.TooManyRequestsException;
import java.time.Duration;

/** Over a rate: 429 with Retry-After, naming the limit as /users/me does, and its value. */
public class RateLimitReachedException extends TooManyRequestsException {

    public RateLimitReachedException(String name, long limit, Duration retryAfter) {
        super(LimitReachedException.message(name, limit), retryAfter);
    }
}
