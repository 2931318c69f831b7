package com.containermanager.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * limits.requests_per_second and limits.request_burst: the API requests one user may send to this instance, as a
 * token bucket (a burst of that many, refilled at that rate). The hostile soak showed why: once every costly thing
 * had a bound, a user whose clients retry their 429s at once still sent about 400 requests a second, and answering
 * them took the service a core (Tomcat, Spring Security and MVC, no hot spot of ours) while every other user waited.
 * Kept in memory on each instance, not in PostgreSQL: what it protects is the instance's CPU, so behind N instances a
 * user may send N times the rate, and a database write per request would cost more than the request.
 */
@Component
public class RequestRate {

    /** Buckets kept at most: far more users than an instance serves at once; an evicted bucket starts full again. */
    static final int MAX_BUCKETS = 100_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Cache<Long, Bucket> buckets;

    @Autowired
    RequestRate(LimitSettings limits) {
        this(limits.requestsPerSecond(), limits.requestBurst(), System::nanoTime);
    }

    RequestRate(int perSecond, int burst, LongSupplier nanoTime) {
        this.perNano = perSecond / 1e9;
        this.burst = perSecond == 0 ? 0 : Math.max(1, burst);
        this.nanoTime = nanoTime;
        // A bucket idle this long is full again anyway, so forgetting it changes nothing.
        long refillNanos = perSecond == 0 ? 1 : (long) Math.ceil(this.burst / perNano);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_BUCKETS)
                .expireAfterAccess(Duration.ofNanos(
                        Math.max(refillNanos, Duration.ofSeconds(1).toNanos())))
                .build();
    }

    public boolean on() {
        return burst > 0;
    }

    /** Takes one request from this user's bucket; false when it is empty (the request is to be refused). */
    public boolean admit(long userId) {
        if (!on()) {
            return true;
        }
        long now = nanoTime.getAsLong();
        return buckets.get(userId, id -> new Bucket(burst, now)).take(now, perNano, burst);
    }

    /** One user's tokens; synchronized, since one user's requests arrive on many threads at once. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized boolean take(long now, double perNano, double burst) {
            tokens = Math.min(burst, tokens + Math.max(0, now - updated) * perNano);
            updated = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
