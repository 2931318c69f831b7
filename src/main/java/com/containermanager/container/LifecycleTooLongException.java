package com.containermanager.container;

import com.containermanager.web.BadRequestException;

/**
 * A creation asked for a lifecycle policy longer than its profile allows: a user may ask for shorter, never longer.
 * Refused (400), never clamped, so that the user knows what the container will do.
 */
public class LifecycleTooLongException extends BadRequestException {

    public static final String CODE = "lifecycle_too_long";

    public LifecycleTooLongException(
            LifecyclePolicy.Part part, LifecyclePolicy asked, String profile, LifecyclePolicy bound) {
        super("lifecycle." + part.field() + " " + part.of(asked) + " is longer than profile " + profile
                + " allows: at most " + part.of(bound));
    }

    @Override
    public String code() {
        return CODE;
    }
}
