package com.containermanager.auth;

import com.containermanager.platform.Backoff;
import com.containermanager.platform.RelaxedCommits;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refuses logins after repeated failures, for a window that doubles with each further failure. Three keys count an
 * attempt: the username at the client's address (blocked first, so an attacker elsewhere cannot lock the owner
 * out), the client's address (one address trying many usernames), and the username from anywhere (a much higher
 * ceiling against guessing from many addresses). The state is in PostgreSQL, so every instance counts together,
 * and an attempt is counted under the rows' locks before its password is checked: however many arrive at once,
 * no more than the free failures get to a password check. Hand-written: a rate limiter's token bucket does not
 * express an escalating block, and the policy is a counter and a deadline per key.
 */
@Component
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final AuthSettings.Throttle policy;
    private final Backoff blocks;
    private final LoginThrottleStore store;
    private final RelaxedCommits relaxed;

    LoginThrottle(AuthSettings settings, LoginThrottleStore store, RelaxedCommits relaxed) {
        this.policy = settings.throttle();
        this.blocks = new Backoff(policy.baseBlock(), policy.maxBlock());
        this.store = store;
        this.relaxed = relaxed;
    }

    /**
     * Counts this attempt, before its password is checked. Empty: go ahead; otherwise how long the caller must wait,
     * and nothing was counted. A refused attempt leaves every key as it was, so hammering a blocked key neither
     * lengthens its block nor counts against the others.
     */
    public Optional<Duration> admit(String username, String address) {
        List<Key> keys = keysFor(policy, username, address);
        return relaxed.run(() -> {
            LoginThrottleStore.Locked locked =
                    store.lock(keys.stream().map(Key::name).toList());
            Admission admission = decide(keys, locked.states(), locked.now(), blocks);
            admission.counted().forEach(store::save);
            return admission.refusedFor();
        });
    }

    /**
     * A right password: the username's counts start over; the address keeps its failures (else one client could
     * spray passwords over many usernames, logging in to an account of its own between rounds), minus this attempt.
     */
    public void succeeded(String username, String address) {
        relaxed.run(() -> {
            store.forget(List.of(userKey(username), pairKey(username, address)));
            store.uncount(addressKey(address), policy.addressFreeFailures());
            return null;
        });
    }

    /** Forgets keys quiet for longer than the longest block, so the table cannot grow without bound. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void forgetQuietKeys() {
        try {
            store.forgetQuiet(policy.maxBlock());
        } catch (Throwable e) {
            // The next round tries again; a failed clean-up must not end the schedule.
            log.warn("Could not forget quiet login throttle keys: {}", e.toString());
        }
    }

    static List<Key> keysFor(AuthSettings.Throttle policy, String username, String address) {
        return List.of(
                        new Key(userKey(username), policy.usernameFreeFailures()),
                        new Key(pairKey(username, address), policy.freeFailures()),
                        new Key(addressKey(address), policy.addressFreeFailures()))
                .stream()
                // One lock order for every transaction, so that two attempts never deadlock.
                .sorted(Comparator.comparing(Key::name))
                .toList();
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String pairKey(String username, String address) {
        return "pair:" + username.toLowerCase(Locale.ROOT) + "|" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    /**
     * The policy, apart from where its state lives. Refused while any key is blocked; otherwise every key counts
     * the attempt, and a key that reaches its free failures blocks from this attempt on (the attempt itself still
     * goes ahead): step 0 of the backoff at the free count, doubling with each further counted attempt.
     */
    static Admission decide(List<Key> keys, Map<String, KeyState> states, Instant now, Backoff blocks) {
        Duration longest = Duration.ZERO;
        for (Key key : keys) {
            KeyState state = states.getOrDefault(key.name(), KeyState.EMPTY);
            if (state.blockedUntil() != null && state.blockedUntil().isAfter(now)) {
                Duration remaining = Duration.between(now, state.blockedUntil());
                longest = remaining.compareTo(longest) > 0 ? remaining : longest;
            }
        }
        if (!longest.isZero()) {
            return new Admission(Optional.of(longest), Map.of());
        }
        Map<String, KeyState> counted = new HashMap<>();
        for (Key key : keys) {
            int attempts = states.getOrDefault(key.name(), KeyState.EMPTY).attempts() + 1;
            Instant blockedUntil =
                    attempts >= key.freeFailures() ? now.plus(blocks.delay(attempts - key.freeFailures())) : null;
            counted.put(key.name(), new KeyState(attempts, blockedUntil));
        }
        return new Admission(Optional.empty(), counted);
    }

    record Key(String name, int freeFailures) {}

    record KeyState(int attempts, @Nullable Instant blockedUntil) {
        static final KeyState EMPTY = new KeyState(0, null);
    }

    record Admission(Optional<Duration> refusedFor, Map<String, KeyState> counted) {}
}
