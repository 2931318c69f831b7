package com.containermanager.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code limit} concurrent things of one kind per user (log follows, consoles, ...), in this process.
 * A slot is taken before the work starts and given back exactly once when it ends.
 */
public final class UserSlots {

    private final String name;
    private final int limit;
    private final ConcurrentMap<Long, Integer> used = new ConcurrentHashMap<>();

    public UserSlots(String name, int limit) {
        this.name = name;
        this.limit = limit;
    }

    /** Takes a slot, or throws {@link ConcurrencyLimitException} (429) when the user holds all of them. */
    public Slot take(long userId) {
        boolean[] taken = {false};
        used.compute(userId, (user, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            throw new ConcurrencyLimitException(name, limit);
        }
        return new Slot(userId);
    }

    public final class Slot implements AutoCloseable {
        private final long userId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(long userId) {
            this.userId = userId;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                used.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
            }
        }
    }
}
