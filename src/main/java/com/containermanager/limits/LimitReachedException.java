package com.containermanager.limits;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** Over a count: 403, naming the limit as /users/me does, and its value. */
public class LimitReachedException extends ApiException {

    public LimitReachedException(String name, long limit) {
        super(HttpStatus.FORBIDDEN, message(name, limit));
    }

    static String message(String name, long limit) {
        return "limit reached: " + name + " (" + limit + ")";
    }
}
