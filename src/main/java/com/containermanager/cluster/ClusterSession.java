package com.containermanager.cluster;

import com.containermanager.platform.DedicatedConnections;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * This instance's one database session for session-scoped advisory locks. It holds the instance's own lock for as
 * long as the instance lives, which is how the others tell that it is alive, and the locks of the operations it
 * holds. PostgreSQL ends a session when its process or connection dies, and with it every lock it held: a dead
 * instance can never keep anything locked. Statements on the session run one at a time (one connection).
 */
@Component
public class ClusterSession implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterSession.class);
    /** Instance keys have bit 62 set; keys derived from container ids stay below 2^60, so the two never meet. */
    private static final long INSTANCE_KEY_MARK = 1L << 62;

    private final DedicatedConnections connections;
    private final long instanceKey;
    private final String instanceId;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cluster-session").daemon().factory());
    private @Nullable Connection connection;
    private long generation;

    ClusterSession(DedicatedConnections connections) {
        this.connections = connections;
        this.instanceKey = INSTANCE_KEY_MARK | (new SecureRandom().nextLong() & (INSTANCE_KEY_MARK - 1));
        this.instanceId = HexFormat.of().toHexDigits(instanceKey);
    }

    /** This instance, new on every start: 16 hex digits. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Runs statements on the session. A failure that broke the connection drops it: the next call opens a new
     * session (a new generation), which no longer holds the locks of the old one.
     */
    public <T> T run(SessionWork<T> work) {
        lock.lock();
        try {
            Connection session = connected();
            try {
                return work.run(session);
            } catch (SQLException e) {
                dropIfBroken(session);
                throw new DataAccessResourceFailureException("cluster session: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Unlocks a session lock taken in that generation; one taken on a session since replaced went with it. */
    public void unlockIfCurrent(long takenIn, long key) {
        run(session -> {
            if (generation == takenIn) {
                try (PreparedStatement unlock = session.prepareStatement("select pg_advisory_unlock(?)")) {
                    unlock.setLong(1, key);
                    unlock.executeQuery().close();
                }
            }
            return null;
        });
    }

    /** The same for a lock of two int keys. */
    public void unlockIfCurrent(long takenIn, int key1, int key2) {
        run(session -> {
            if (generation == takenIn) {
                try (PreparedStatement unlock = session.prepareStatement("select pg_advisory_unlock(?, ?)")) {
                    unlock.setInt(1, key1);
                    unlock.setInt(2, key2);
                    unlock.executeQuery().close();
                }
            }
            return null;
        });
    }

    /** Changes whenever the session is replaced; locks taken in an older generation are gone. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the instance of that id is running: its session still holds its instance lock. */
    public boolean isAlive(String otherInstanceId) {
        if (otherInstanceId.equals(instanceId)) {
            return true;
        }
        if (!otherInstanceId.matches("[0-9a-f]{16}")) {
            return false;
        }
        long key = HexFormat.fromHexDigitsToLong(otherInstanceId);
        if ((key & INSTANCE_KEY_MARK) == 0) {
            return false;
        }
        return run(session -> {
            try (PreparedStatement statement = session.prepareStatement(AdvisoryLocks.HELD_BY_ANYONE)) {
                AdvisoryLocks.bind(statement, 1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() && rows.getBoolean(1);
                }
            }
        });
    }

    @Override
    public void afterPropertiesSet() {
        run(session -> null); // connect now: this instance is alive before it serves anything
        heartbeat.scheduleWithFixedDelay(this::beat, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        lock.lock();
        try {
            close(connection);
            connection = null;
        } finally {
            lock.unlock();
        }
    }

    /** Notices a lost session early, and takes the instance lock again on a new one. */
    private void beat() {
        try {
            run(session -> {
                try (var statement = session.createStatement()) {
                    statement.execute("select 1");
                }
                return null;
            });
        } catch (Throwable e) {
            log.warn("Cluster session unavailable: {}", e.getMessage());
        }
    }

    private Connection connected() {
        if (connection != null) {
            return connection;
        }
        try {
            Connection fresh = connections.open("cluster " + instanceId);
            try (PreparedStatement statement = fresh.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, instanceKey);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next() || !rows.getBoolean(1)) {
                        // Only an earlier session of ours that PostgreSQL has not yet seen die can hold it.
                        close(fresh);
                        throw new DataAccessResourceFailureException("instance lock still held by an old session");
                    }
                }
            }
            connection = fresh;
            generation++;
            if (generation > 1) {
                log.warn("Cluster session re-established (generation {})", generation);
            }
            return fresh;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cluster session: " + e.getMessage(), e);
        }
    }

    private void dropIfBroken(Connection session) {
        boolean valid;
        try {
            valid = session.isValid(2);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            log.warn("Cluster session lost; its locks are released by PostgreSQL");
            close(session);
            connection = null;
        }
    }

    private static void close(@Nullable Connection session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (SQLException e) {
            // already gone
        }
    }
}
