package com.containermanager.limits;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * At most {@code limit} concurrent things of one kind per user (log follows, consoles, ...), counted where the
 * {@link SlotStore} counts them. A slot is taken before the work starts and given back exactly once when it ends.
 */
public final class UserSlots {

    private final String name;
    private final int limit;
    private final SlotStore store;
    private final @Nullable UserLimits overrides;

    public UserSlots(String name, int limit, SlotStore store) {
        this(name, limit, store, null);
    }

    /** Slots whose number an admin may set per user (a limit override; 0 turns the bound off for that user). */
    public UserSlots(String name, int limit, SlotStore store, @Nullable UserLimits overrides) {
        this.name = name;
        this.limit = limit;
        this.store = store;
        this.overrides = overrides;
    }

    /** Takes a slot, or throws {@link SlotLimitReachedException} (429) when the user holds all of them. */
    public Slot take(long userId) {
        int allowed = overrides == null ? limit : overrides.of(userId).get(name, limit);
        Runnable release = store.take(name, userId, allowed == 0 ? Integer.MAX_VALUE : allowed);
        if (release == null) {
            throw new SlotLimitReachedException(name, allowed);
        }
        return new Slot(release);
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
