package com.containermanager.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The refusals {@link RequestRateFilter} holds open at once, per user and on the instance. Each is a connection with
 * its request's processor and buffers in Tomcat (some 30 KB), so both are bounded: {@link #PER_USER} lets one user's
 * clients be slowed to one request a second per connection, {@link #TOTAL} keeps them all within about 15 MB.
 */
final class HeldRefusals {

    static final int PER_USER = 64;
    static final int TOTAL = 512;

    private final int perUser;
    private final int total;
    private final AtomicInteger held = new AtomicInteger();
    private final Map<Long, Integer> byUser = new ConcurrentHashMap<>();

    HeldRefusals() {
        this(PER_USER, TOTAL);
    }

    HeldRefusals(int perUser, int total) {
        this.perUser = perUser;
        this.total = total;
    }

    boolean tryHold(long user) {
        if (held.incrementAndGet() > total) {
            held.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        byUser.compute(user, (id, mine) -> {
            int count = mine == null ? 0 : mine;
            if (count >= perUser) {
                return mine;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            held.decrementAndGet();
        }
        return taken[0];
    }

    void release(long user) {
        byUser.computeIfPresent(user, (id, mine) -> mine <= 1 ? null : mine - 1);
        held.decrementAndGet();
    }

    int held() {
        return held.get();
    }
}
