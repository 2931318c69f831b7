package com.containermanager.limits;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code limit} concurrent things of one kind per user (log follows, consoles, ...), counted where the
 * {@link SlotStore} counts them. A slot is taken before the work starts and given back exactly once when it ends.
 */
public final class UserSlots {

    private final String name;
    private final int limit;
    private final SlotStore store;

    public UserSlots(String name, int limit, SlotStore store) {
        this.name = name;
        this.limit = limit;
        this.store = store;
    }

    /** Takes a slot, or throws {@link SlotLimitReachedException} (429) when the user holds all of them. */
    public Slot take(long userId) {
        Runnable release = store.take(name, userId, limit);
        if (release == null) {
            throw new SlotLimitReachedException(name, limit);
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
