package com.containermanager.limits;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** Over a count: 403, naming the limit as /users/me does, and its value. */
public class LimitReachedException extends ApiException {

    public LimitReachedException(String name, long limit) {
        super(HttpStatus.FORBIDDEN, message(name, limit));
    }

    /** A limit that is not a whole number, such as running_cpus (1.5). */
    public LimitReachedException(String name, String limit) {
        super(HttpStatus.FORBIDDEN, "limit reached: " + name + " (" + limit + ")");
    }

    static String message(String name, long limit) {
        return "limit reached: " + name + " (" + limit + ")";
    }
}
