package com.containermanager.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/** Slots counted in this process: enough when it is the only instance (embedded PostgreSQL). */
public final class LocalSlotStore implements SlotStore {

    private record Key(String kind, long userId) {}

    private final ConcurrentMap<Key, Integer> used = new ConcurrentHashMap<>();

    @Override
    public @Nullable Runnable take(String kind, long userId, int limit) {
        Key key = new Key(kind, userId);
        boolean[] taken = {false};
        used.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            return null;
        }
        return () -> used.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
