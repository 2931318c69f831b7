package com.containermanager.limits;

import org.jspecify.annotations.Nullable;

/**
 * Where {@link UserSlots} are counted: in this process when it is the only instance, in PostgreSQL when several
 * instances share the database, so that a user's limit holds across all of them.
 */
public interface SlotStore {

    /**
     * Takes one of {@code limit} slots of this kind for the user. Returns what gives it back (run exactly once), or
     * null when the user holds all of them.
     */
    @Nullable
    Runnable take(String kind, long userId, int limit);
}
