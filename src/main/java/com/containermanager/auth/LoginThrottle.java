package com.containermanager.auth;

import com.containermanager.config.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refuses logins for a key (a username, a client address) after repeated failures, for a window that doubles with
 * each further failure. Hand-written: a rate limiter's token bucket does not express an escalating block, and the
 * whole policy is a counter and a deadline per key.
 */
@Component
public class LoginThrottle {

    private static final String USER = "user:";
    private static final String ADDRESS = "address:";
    private final AuthSettings.Throttle policy;
    private final Backoff blocks;
    private final Clock clock;
    private final ConcurrentMap<String, Failures> failuresByKey = new ConcurrentHashMap<>();

    public LoginThrottle(AuthSettings settings, Clock clock) {
        this.policy = settings.throttle();
        this.blocks = new Backoff(policy.baseBlock(), policy.maxBlock());
        this.clock = clock;
    }

    /** How long the caller still has to wait before any of these keys may try again, if at all. */
    private Optional<Duration> longestBlock(String... keys) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys) {
            Failures failures = failuresByKey.get(key);
            if (failures != null && failures.blockedUntil().isAfter(now)) {
                Duration remaining = Duration.between(now, failures.blockedUntil());
                if (remaining.compareTo(longest) > 0) {
                    longest = remaining;
                }
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    public void recordFailure(String username, String address) {
        record(USER + username.toLowerCase(Locale.ROOT), policy.freeFailures());
        record(ADDRESS + address, policy.addressFreeFailures());
    }

    public Optional<Duration> blockedFor(String username, String address) {
        return longestBlock(USER + username.toLowerCase(Locale.ROOT), ADDRESS + address);
    }

    /**
     * Clears the username's count only: clearing the address too would let one client spray passwords over many
     * usernames, logging in to an account of its own between rounds to reset its count.
     */
    public void recordSuccess(String username) {
        failuresByKey.remove(USER + username.toLowerCase(Locale.ROOT));
    }

    private void record(String key, int freeFailures) {
        Instant now = clock.instant();
        failuresByKey.compute(key, (k, previous) -> {
            int count = previous == null ? 1 : previous.count() + 1;
            return new Failures(count, now, now.plus(blockFor(count, freeFailures)));
        });
    }

    private Duration blockFor(int failureCount, int freeFailures) {
        int beyondFree = failureCount - freeFailures;
        if (beyondFree < 0) {
            return Duration.ZERO;
        }
        return blocks.delay(beyondFree);
    }

    /** Forgets keys that have been quiet for longer than the longest block, so the map cannot grow without bound. */
    @Scheduled(fixedDelay = 60_000)
    void forgetQuietKeys() {
        Instant horizon = clock.instant().minus(policy.maxBlock());
        failuresByKey
                .entrySet()
                .removeIf(entry -> entry.getValue().lastFailure().isBefore(horizon)
                        && entry.getValue().blockedUntil().isBefore(horizon));
    }

    private record Failures(int count, Instant lastFailure, Instant blockedUntil) {}
}
