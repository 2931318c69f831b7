package com.containermanager.cluster;

import com.containermanager.web.SlotStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slots shared by every instance on the database: slot {@code i} of a kind for a user is a session advisory lock,
 * held on this instance's {@link ClusterSession} for as long as the stream runs. Taking one tries the user's slots
 * in turn; a dead instance's slots come free with its session, so nothing ever needs cleaning up.
 *
 * <p>A session may take a lock it already holds (PostgreSQL counts it twice), so the slots this instance holds are
 * also kept here and skipped. After the session was replaced, the streams of the old one run on without a lock:
 * until they end, the user may briefly hold more than the limit across instances.
 */
public final class AdvisoryLockSlotStore implements SlotStore {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLockSlotStore.class);
    /** First key: 'S' in its high byte, then the kind and the slot; never the "LIMT" or "REGI" transaction locks. */
    private static final int SPACE = 0x53 << 24;

    static final int MAX_SLOTS = 0xffff;

    private record Key(String kind, long userId) {}

    private final ClusterSession session;
    private final Map<Key, BitSet> held = new HashMap<>(); // guarded by this

    public AdvisoryLockSlotStore(ClusterSession session) {
        this.session = session;
    }

    @Override
    public synchronized @Nullable Runnable take(String kind, long userId, int limit) {
        Key key = new Key(kind, userId);
        BitSet mine = held.computeIfAbsent(key, k -> new BitSet());
        for (int slot = 0; slot < Math.min(limit, MAX_SLOTS); slot++) {
            if (mine.get(slot)) {
                continue;
            }
            int lockKey = lockKey(kind, slot);
            int user = userKey(userId);
            if (session.run(connection -> tryLock(connection, lockKey, user))) {
                mine.set(slot);
                long generation = session.generation();
                int taken = slot;
                return () -> release(key, taken, lockKey, user, generation);
            }
        }
        if (mine.isEmpty()) {
            held.remove(key);
        }
        return null;
    }

    private synchronized void release(Key key, int slot, int lockKey, int user, long generation) {
        BitSet mine = held.get(key);
        if (mine != null) {
            mine.clear(slot);
            if (mine.isEmpty()) {
                held.remove(key);
            }
        }
        if (session.generation() != generation) {
            return; // the lock went with the session it was taken on
        }
        try {
            session.run(connection -> unlock(connection, lockKey, user));
        } catch (RuntimeException e) {
            // Still held by the session: the slot stays taken until the session is replaced.
            log.warn("Could not give back a {} slot: {}", key.kind(), e.getMessage());
        }
    }

    static int lockKey(String kind, int slot) {
        return SPACE | (kind.hashCode() & 0xff) << 16 | slot;
    }

    /** User ids are a sequence from 1; past 2^31 users two would share their slots. */
    static int userKey(long userId) {
        return (int) userId;
    }

    private static boolean tryLock(Connection connection, int lockKey, int user) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            statement.setInt(1, lockKey);
            statement.setInt(2, user);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static Void unlock(Connection connection, int lockKey, int user) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            statement.setInt(1, lockKey);
            statement.setInt(2, user);
            statement.executeQuery().close();
        }
        return null;
    }
}
