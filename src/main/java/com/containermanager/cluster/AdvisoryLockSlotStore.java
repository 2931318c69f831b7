package com.containermanager.cluster;

import com.containermanager.web.SlotStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slots shared by every instance on the database: slot {@code i} of a kind for a user is a session advisory lock,
 * held on this instance's {@link ClusterSession} for as long as the stream runs. Taking one tries the user's slots
 * in turn; a dead instance's slots come free with its session, so nothing ever needs cleaning up.
 *
 * <p>A session may take a lock it already holds (PostgreSQL counts it twice), so the slots this instance holds or
 * is trying are also marked here and skipped. The marks are kept under a short lock that no database call runs
 * under, so that a slow database never queues other users' streams behind one. After the session was replaced,
 * the streams of the old one run on without a lock: until they end, the user may briefly hold more than the limit
 * across instances.
 */
public final class AdvisoryLockSlotStore implements SlotStore {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLockSlotStore.class);
    /** First key: 'S' in its high byte, then the kind and the slot; never the "LIMT" or "REGI" transaction locks. */
    private static final int SPACE = 0x53 << 24;

    static final int MAX_SLOTS = 0xffff;

    private record Key(String kind, long userId) {}

    private record Attempt(boolean taken, long generation) {}

    private final ClusterSession session;
    private final ReentrantLock marksLock = new ReentrantLock();
    private final Map<Key, BitSet> marks = new HashMap<>(); // guarded by marksLock

    public AdvisoryLockSlotStore(ClusterSession session) {
        this.session = session;
    }

    @Override
    public @Nullable Runnable take(String kind, long userId, int limit) {
        Key key = new Key(kind, userId);
        int user = userKey(userId);
        for (int slot = 0; slot < Math.min(limit, MAX_SLOTS); slot++) {
            if (!mark(key, slot)) {
                continue; // held or being tried by this instance
            }
            int lockKey = lockKey(kind, slot);
            Attempt attempt;
            try {
                attempt = session.run(
                        connection -> new Attempt(tryLock(connection, lockKey, user), session.generation()));
            } catch (RuntimeException e) {
                unmark(key, slot);
                throw e;
            }
            if (attempt.taken()) {
                int taken = slot;
                return () -> release(key, taken, lockKey, user, attempt.generation());
            }
            unmark(key, slot);
        }
        return null;
    }

    private void release(Key key, int slot, int lockKey, int user, long generation) {
        try {
            session.run(connection -> {
                // A lock taken on a session since replaced went with it.
                return session.generation() == generation ? unlock(connection, lockKey, user) : null;
            });
        } catch (RuntimeException e) {
            // Still held by the session: the slot stays taken until the session is replaced.
            log.warn("Could not give back a {} slot: {}", key.kind(), e.getMessage());
        } finally {
            unmark(key, slot);
        }
    }

    private boolean mark(Key key, int slot) {
        marksLock.lock();
        try {
            BitSet mine = marks.computeIfAbsent(key, k -> new BitSet());
            if (mine.get(slot)) {
                return false;
            }
            mine.set(slot);
            return true;
        } finally {
            marksLock.unlock();
        }
    }

    private void unmark(Key key, int slot) {
        marksLock.lock();
        try {
            BitSet mine = marks.get(key);
            if (mine != null) {
                mine.clear(slot);
                if (mine.isEmpty()) {
                    marks.remove(key);
                }
            }
        } finally {
            marksLock.unlock();
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

    private static @Nullable Void unlock(Connection connection, int lockKey, int user) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            statement.setInt(1, lockKey);
            statement.setInt(2, user);
            statement.executeQuery().close();
        }
        return null;
    }
}
