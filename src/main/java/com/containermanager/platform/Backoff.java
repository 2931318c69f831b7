package com.containermanager.platform;

import java.time.Duration;

/**
 * A delay that doubles with each step up to a cap: the one rule behind job retries, the notification listener's
 * reconnects and the login throttle's blocks. Step 0 is {@code first}.
 */
public record Backoff(Duration first, Duration max) {

    /** Doublings beyond this are past any cap we use, and would overflow. */
    private static final int MAX_DOUBLINGS = 30;

    public Duration delay(int step) {
        Duration delay = first.multipliedBy(1L << Math.clamp(step, 0, MAX_DOUBLINGS));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
