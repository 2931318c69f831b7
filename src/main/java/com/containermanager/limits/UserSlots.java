package com.containermanager.limits;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * At most {@code perUser} concurrent things of one kind per user (log follows, consoles, execs, ...), counted where
 * the {@link SlotStore} counts them, and at most {@code perInstance} of them on this instance, whoever holds them:
 * each one holds memory, so the sum over all users must fit the heap (docs/memory-budget.md). A slot is taken
 * before the work starts and given back exactly once when it ends; past either bound the caller gets 429 with
 * Retry-After.
 */
public final class UserSlots {

    /** A stream or command ends within seconds to minutes; a client should not retry faster than this. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final String name;
    private final int perUser;
    private final int perInstance;
    private final Semaphore instance;
    private final SlotStore store;
    private final @Nullable UserLimits overrides;

    public UserSlots(String name, int perUser, int perInstance, SlotStore store) {
        this(name, perUser, perInstance, store, null);
    }

    /**
     * Slots whose number per user an admin may set (a limit override; 0 lifts the user's bound, never the
     * instance's).
     */
    public UserSlots(String name, int perUser, int perInstance, SlotStore store, @Nullable UserLimits overrides) {
        this.name = name;
        this.perUser = perUser;
        this.perInstance = perInstance;
        this.instance = new Semaphore(perInstance);
        this.store = store;
        this.overrides = overrides;
    }

    /**
     * Takes a slot, or throws {@link SlotLimitReachedException} (429) when the user holds all of theirs or this
     * instance holds all of its.
     */
    public Slot take(long userId) {
        // The user's own bound first: a user past it must not hold one of the instance's slots even for the moment
        // the check takes, or a burst of their refused requests refuses everybody else (the hostile soak's exec wave).
        int allowed = overrides == null ? perUser : overrides.of(userId).get(name, perUser);
        Runnable release = store.take(name, userId, allowed == 0 ? Integer.MAX_VALUE : allowed);
        if (release == null) {
            throw SlotLimitReachedException.user(name, allowed, RETRY_AFTER);
        }
        if (!instance.tryAcquire()) {
            release.run();
            throw SlotLimitReachedException.instance(name, perInstance, RETRY_AFTER);
        }
        return new Slot(() -> {
            try {
                release.run();
            } finally {
                instance.release();
            }
        });
    }

    /** Slots of this kind held on this instance now, by every user. */
    public int inUse() {
        return perInstance - instance.availablePermits();
    }

    public static final class Slot implements AutoCloseable {
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Runnable release) {
            this.release = release;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }
}
