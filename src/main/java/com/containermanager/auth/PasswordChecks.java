package com.containermanager.auth;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Bounds the bcrypt work running at once (a check takes a core for tens of milliseconds) to about the number of
 * processors. Past that a caller is told at once to come back, instead of queueing: a flood of logins must not be
 * able to take every core, nor pile up waiting requests.
 */
@Component
public class PasswordChecks {

    private final Semaphore slots;

    PasswordChecks(AuthSettings settings) {
        this.slots = new Semaphore(settings.throttle().concurrentChecks());
    }

    /** Runs the work if a slot is free now; empty, without running it, if every slot is busy. */
    public <T> Optional<T> tryRun(Supplier<T> work) {
        if (!slots.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            slots.release();
        }
    }
}
