package com.containermanager.cluster;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How a 64-bit advisory lock key shows in pg_locks: its high half in classid, its low half in objid, objsubid 1.
 */
public final class AdvisoryLocks {

    /** One boolean: whether any session holds the lock of this key (bind with {@link #bind}). */
    public static final String HELD_BY_ANYONE =
            "select exists (select 1 from pg_locks l where " + granted("?", "?") + ")";

    private AdvisoryLocks() {}

    /**
     * The condition on {@code pg_locks l} that a row is the granted lock of one key, whose halves are bound at the
     * placeholders given ({@code ?} or named).
     */
    public static String granted(String highPlaceholder, String lowPlaceholder) {
        return "l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.classid = cast(" + highPlaceholder
                + " as bigint)::oid and l.objid = cast(" + lowPlaceholder + " as bigint)::oid";
    }

    /** Binds the key's two halves at index and index + 1. */
    public static void bind(PreparedStatement statement, int index, long key) throws SQLException {
        statement.setLong(index, high(key));
        statement.setLong(index + 1, low(key));
    }

    public static long high(long key) {
        return key >>> 32;
    }

    public static long low(long key) {
        return key & 0xffffffffL;
    }
}
