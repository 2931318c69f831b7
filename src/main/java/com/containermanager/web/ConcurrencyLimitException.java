package com.containermanager.web;

import java.time.Duration;

/**
 * A limit on things open at once is reached: the caller's own, 429 "limit reached: &lt;name&gt; (&lt;limit&gt;)" as the
 * contract words it, or this instance's, whoever holds them ("server busy: ..."). Either way with Retry-After.
 */
public class ConcurrencyLimitException extends TooManyRequestsException {

    private ConcurrencyLimitException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }

    public static ConcurrencyLimitException user(String name, int limit, Duration retryAfter) {
        return new ConcurrencyLimitException("limit reached: " + name + " (" + limit + ")", retryAfter);
    }

    public static ConcurrencyLimitException instance(String name, int limit, Duration retryAfter) {
        return new ConcurrencyLimitException(
                "server busy: " + name + " (" + limit + " open on this instance)", retryAfter);
    }
}
