package com.containermanager.limits;

import com.containermanager.web.TooManyRequestsException;
import java.time.Duration;

/**
 * A limit on things open at once is reached: the caller's own, 429 "limit reached: &lt;name&gt; (&lt;limit&gt;)" as the
 * contract words it, or this instance's, whoever holds them ("server busy: ..."). Either way with Retry-After.
 */
public class SlotLimitReachedException extends TooManyRequestsException {

    private SlotLimitReachedException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }

    public static SlotLimitReachedException user(String name, int limit, Duration retryAfter) {
        return new SlotLimitReachedException("limit reached: " + name + " (" + limit + ")", retryAfter);
    }

    public static SlotLimitReachedException instance(String name, int limit, Duration retryAfter) {
        return new SlotLimitReachedException(
                "server busy: " + name + " (" + limit + " open on this instance)", retryAfter);
    }
}
