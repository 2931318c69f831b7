package com.containermanager.auth;

import com.containermanager.platform.Backoff;
import com.containermanager.platform.RelaxedCommits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refuses logins after repeated failures, for a window that doubles with each further failure, in a way that an
 * attacker cannot aim at a victim. Three keys count an attempt: the username at the client's address (the lockout:
 * it only ever locks that address out of that account), the client's address (one address trying many usernames),
 * and the username from anywhere (guessing from many addresses). The two ceilings refuse strangers only: an address
 * where this username logged in before (for the username's ceiling), or where anyone did (for the address's: an
 * office's NAT), is slowed instead, so that a flood of failures cannot lock out the account's owner or everybody
 * behind one address. A client with a login device token for the username (a browser that logged in before; see
 * {@link LoginDevices}) counts on that device alone. The state is in PostgreSQL, so every instance counts together,
 * and an attempt is counted under the rows' locks before its password is checked: however many arrive at once, no
 * more than the free failures get to a password check. Hand-written: a rate limiter's token bucket does not express
 * an escalating block, and the policy is a counter and a deadline per key.
 */
@Component
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final AuthSettings.Throttle policy;
    private final Backoff blocks;
    private final LoginThrottleStore store;
    private final RelaxedCommits relaxed;
    private final Semaphore slowed;

    LoginThrottle(AuthSettings settings, LoginThrottleStore store, RelaxedCommits relaxed) {
        this.policy = settings.throttle();
        this.blocks = new Backoff(policy.baseBlock(), policy.maxBlock());
        this.store = store;
        this.relaxed = relaxed;
        this.slowed = new Semaphore(policy.maxSlowed());
    }

    /** What to do with an attempt: check the password, check it after {@link #slowDown}, or refuse it for a while. */
    public sealed interface Verdict {
        record Go() implements Verdict {}

        record Slow() implements Verdict {}

        record Refused(Duration retryAfter) implements Verdict {}
    }

    /**
     * Counts this attempt, before its password is checked, unless it is refused: then nothing was counted, so
     * hammering a blocked key neither lengthens its block nor counts against the others. {@code device}: the login
     * device's id when the client showed a valid token for this username.
     */
    public Verdict admit(String username, String address, Optional<String> device) {
        List<Key> keys = keysFor(policy, username, address, device);
        return relaxed.run(() -> {
            LoginThrottleStore.Locked locked =
                    store.lock(keys.stream().map(Key::name).toList());
            LoginThrottleStore.Known[] known = new LoginThrottleStore.Known[1];
            Known knowledge = new Known(
                    () -> knownOnce(known, username, address).forUsername(),
                    () -> knownOnce(known, username, address).address());
            Admission admission = decide(keys, locked.states(), locked.now(), blocks, knowledge);
            admission.counted().forEach(store::save);
            return admission.verdict();
        });
    }

    private LoginThrottleStore.Known knownOnce(LoginThrottleStore.Known[] known, String username, String address) {
        if (known[0] == null) {
            known[0] = store.known(usernameOf(username), address, policy.knownFor());
        }
        return known[0];
    }

    /**
     * Waits out a slowed attempt's delay. At most maxSlowed wait at once on this instance: past that, refused (a
     * slowed attempt holds a request, not a password check slot).
     */
    public boolean slowDown() {
        Duration delay = policy.slowDelay();
        if (!slowed.tryAcquire()) {
            return false;
        }
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            slowed.release();
        }
    }

    /**
     * A right password: the pair's and the device's counts start over, and the address becomes known for this
     * username. The username's ceiling keeps its count (it slows the owner's known clients, never refuses them, and
     * a login of the owner's must not hand a guesser spread over many addresses a fresh allowance); the address keeps
     * its failures (else one client could spray passwords over many usernames, logging in to an account of its own
     * between rounds), minus this attempt.
     */
    public void succeeded(String username, String address, Optional<String> device) {
        relaxed.run(() -> {
            List<String> forgotten = new ArrayList<>(List.of(pairKey(username, address)));
            device.ifPresent(id -> forgotten.add(deviceKey(id)));
            store.forget(forgotten);
            store.uncount(addressKey(address), policy.addressFreeFailures());
            store.remember(usernameOf(username), address);
            return null;
        });
    }

    /** Forgets keys quiet for longer than the longest block, and known addresses past knownFor. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void forgetQuietKeys() {
        try {
            store.forgetQuiet(policy.maxBlock());
            store.forgetKnownBefore(policy.knownFor());
        } catch (Throwable e) {
            // The next round tries again; a failed clean-up must not end the schedule.
            log.warn("Could not forget quiet login throttle keys: {}", e.toString());
        }
    }

    static List<Key> keysFor(AuthSettings.Throttle policy, String username, String address, Optional<String> device) {
        if (device.isPresent()) {
            return List.of(new Key(deviceKey(device.get()), policy.freeFailures(), Kind.LOCKOUT));
        }
        return List.of(
                        new Key(userKey(username), policy.usernameFreeFailures(), Kind.USERNAME_CEILING),
                        new Key(pairKey(username, address), policy.freeFailures(), Kind.LOCKOUT),
                        new Key(addressKey(address), policy.addressFreeFailures(), Kind.ADDRESS_CEILING))
                .stream()
                // One lock order for every transaction, so that two attempts never deadlock.
                .sorted(Comparator.comparing(Key::name))
                .toList();
    }

    private static String usernameOf(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static String userKey(String username) {
        return "user:" + usernameOf(username);
    }

    private static String pairKey(String username, String address) {
        return "pair:" + usernameOf(username) + "|" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static String deviceKey(String device) {
        return "device:" + device;
    }

    /**
     * The policy, apart from where its state lives. A blocked lockout key refuses; a blocked ceiling refuses unless
     * the client is known for it, else it slows. Refused: nothing counted. Otherwise every key counts the attempt,
     * and a key that reaches its free failures blocks from this attempt on (the attempt itself still goes ahead):
     * step 0 of the backoff at the free count, doubling with each further counted attempt.
     */
    static Admission decide(List<Key> keys, Map<String, KeyState> states, Instant now, Backoff blocks, Known known) {
        Duration longest = Duration.ZERO;
        boolean slow = false;
        for (Key key : keys) {
            KeyState state = states.getOrDefault(key.name(), KeyState.EMPTY);
            if (state.blockedUntil() == null || !state.blockedUntil().isAfter(now)) {
                continue;
            }
            boolean slowed = switch (key.kind()) {
                case LOCKOUT -> false;
                case USERNAME_CEILING -> known.forUsername().getAsBoolean();
                case ADDRESS_CEILING -> known.address().getAsBoolean();
            };
            if (slowed) {
                slow = true;
            } else {
                Duration remaining = Duration.between(now, state.blockedUntil());
                longest = remaining.compareTo(longest) > 0 ? remaining : longest;
            }
        }
        if (!longest.isZero()) {
            return new Admission(Optional.of(longest), false, Map.of());
        }
        Map<String, KeyState> counted = new HashMap<>();
        for (Key key : keys) {
            int attempts = states.getOrDefault(key.name(), KeyState.EMPTY).attempts() + 1;
            Instant blockedUntil =
                    attempts >= key.freeFailures() ? now.plus(blocks.delay(attempts - key.freeFailures())) : null;
            counted.put(key.name(), new KeyState(attempts, blockedUntil));
        }
        return new Admission(Optional.empty(), slow, counted);
    }

    enum Kind {
        /** One username at one address, or one login device: refused when blocked. */
        LOCKOUT,
        /** One username from anywhere: slows an address known for the username, refuses others. */
        USERNAME_CEILING,
        /** One address, any usernames: slows an address where anyone logged in, refuses others. */
        ADDRESS_CEILING
    }

    record Key(String name, int freeFailures, Kind kind) {}

    record KeyState(int attempts, @Nullable Instant blockedUntil) {
        static final KeyState EMPTY = new KeyState(0, null);
    }

    /** Whether the client is known: asked only when a ceiling is blocked (each is a query). */
    record Known(BooleanSupplier forUsername, BooleanSupplier address) {
        static final Known NOBODY = new Known(() -> false, () -> false);
    }

    record Admission(Optional<Duration> refusedFor, boolean slow, Map<String, KeyState> counted) {
        Verdict verdict() {
            if (refusedFor.isPresent()) {
                return new Verdict.Refused(refusedFor.get());
            }
            return slow ? new Verdict.Slow() : new Verdict.Go();
        }
    }
}
