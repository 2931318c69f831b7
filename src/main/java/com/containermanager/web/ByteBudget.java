package com.containermanager.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bytes that may be held at once, taken and given back by whoever holds them; never blocks. Hand-written: a
 * semaphore counts in ints and has no per-key form, and this is a counter under a lock-free update.
 */
public final class ByteBudget {

    private final long total;
    private final java.util.concurrent.atomic.AtomicLong used = new java.util.concurrent.atomic.AtomicLong();

    public ByteBudget(long total) {
        this.total = total;
    }

    /** Takes these bytes if they fit now. */
    public boolean tryTake(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > total) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    public void give(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    /** One budget per key (a client address, a user), each of the same size; a key with nothing held is forgotten. */
    public static final class PerKey {
        private final long each;
        private final ConcurrentMap<String, Long> used = new ConcurrentHashMap<>();

        public PerKey(long each) {
            this.each = each;
        }

        public boolean tryTake(String key, long bytes) {
            boolean[] taken = {false};
            used.compute(key, (k, current) -> {
                long now = current == null ? 0 : current;
                if (now + bytes > each) {
                    return current;
                }
                taken[0] = true;
                return now + bytes;
            });
            return taken[0];
        }

        public void give(String key, long bytes) {
            used.computeIfPresent(key, (k, current) -> current - bytes <= 0 ? null : current - bytes);
        }
    }
}
