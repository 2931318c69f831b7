package com.containermanager.cluster;

import com.containermanager.limits.SlotStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slots shared by every instance on the database: slot {@code i} of a kind for a user is a session advisory lock,
 * held on this instance's {@link ClusterSession} for as long as the stream runs. Taking one tries the user's slots
 * in turn; a dead instance's slots come free with its session, so nothing ever needs cleaning up.
 *
 * <p>A session may take a lock it already holds (PostgreSQL counts it twice), so the slots this instance holds are
 * also kept here and skipped. Takes run on the session one at a time (it serialises its statements), so no two of
 * them here try the same slot. After the session was replaced, the streams of the old one run on without a lock:
 * until they end, the user may briefly hold more than the limit across instances.
 */
public final class AdvisoryLockSlotStore implements SlotStore {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLockSlotStore.class);
    /** First key: 'S' in its high byte, then the kind and the slot; never the "LIMT" or "REGI" transaction locks. */
    private static final int SPACE = 0x53 << 24;

    static final int MAX_SLOTS = 0xffff;

    private record Slot(int lockKey, int user) {}

    private record Taken(Slot slot, long generation) {}

    private final ClusterSession session;
    private final Set<Slot> held = ConcurrentHashMap.newKeySet();

    public AdvisoryLockSlotStore(ClusterSession session) {
        this.session = session;
    }

    @Override
    public @Nullable Runnable take(String kind, long userId, int limit) {
        Taken taken = session.run(connection -> {
            for (int slot = 0; slot < Math.min(limit, MAX_SLOTS); slot++) {
                Slot candidate = new Slot(lockKey(kind, slot), userKey(userId));
                if (!held.contains(candidate) && tryLock(connection, candidate)) {
                    held.add(candidate);
                    return new Taken(candidate, session.generation());
                }
            }
            return null;
        });
        return taken == null ? null : () -> release(kind, taken);
    }

    private void release(String kind, Taken taken) {
        try {
            session.unlockIfCurrent(
                    taken.generation(), taken.slot().lockKey(), taken.slot().user());
        } catch (RuntimeException e) {
            // Still held by the session: the slot stays taken until the session is replaced.
            log.warn("Could not give back a {} slot: {}", kind, e.getMessage());
        } finally {
            held.remove(taken.slot());
        }
    }

    static int lockKey(String kind, int slot) {
        return SPACE | (kind.hashCode() & 0xff) << 16 | slot;
    }

    /** User ids are a sequence from 1; past 2^31 users two would share their slots. */
    static int userKey(long userId) {
        return (int) userId;
    }

    private static boolean tryLock(Connection connection, Slot slot) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            statement.setInt(1, slot.lockKey());
            statement.setInt(2, slot.user());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }
}
