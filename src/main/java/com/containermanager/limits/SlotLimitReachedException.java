package com.containermanager.limits;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** A per-user limit on things open at once is reached: 429 "limit reached: &lt;name&gt; (&lt;limit&gt;)", as the contract words it. */
public class SlotLimitReachedException extends ApiException {
    public SlotLimitReachedException(String name, int limit) {
        super(HttpStatus.TOO_MANY_REQUESTS, "limit reached: " + name + " (" + limit + ")");
    }
}
