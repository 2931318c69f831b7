package com.containermanager.container;

import com.containermanager.cluster.AdvisoryLocks;
import com.containermanager.cluster.ClusterNotifications;
import com.containermanager.cluster.ClusterSession;
import com.containermanager.platform.RelaxedCommits;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Coordinates lifecycle operations across every instance on one PostgreSQL. Requests that arrive at one instance
 * meet first in-process ({@link InProcessOperationCoordinator}); the one that leads there then takes the
 * container's advisory lock on this instance's {@link ClusterSession}:
 * <ul>
 *   <li>Lock taken: it records the operation in {@code container_operations} (same statement), calls the engine,
 *       then marks the row done with the outcome, NOTIFYs it and unlocks, again in one statement.
 *   <li>Lock held elsewhere: the row says which operation holds it. The same one is joined: the outcome arrives by
 *       NOTIFY, on a listening connection, as soon as the holder commits it. A different one is 409.
 * </ul>
 * The lock belongs to the holder's session, so it ends when the holder's process or connection dies. The rows
 * commit without waiting for the WAL flush (set_config in the statement): a crash of PostgreSQL ends every lock
 * anyway, and a lost row only makes joined requests look again. A joined
 * request also looks at the row every {@link #RECHECK}: the outcome is there if its notification was lost, and if
 * the holder died without one, the request starts over and may run the operation itself (start, stop and delete
 * are idempotent at the engine). Used when PostgreSQL is a configured server, which several instances can share
 * (see {@link OperationCoordination}).
 */
class ClusterOperationCoordinator implements OperationCoordinator {

    static final String CHANNEL = "cm_container_operations";
    /** The container's operation row, and whether its holder still holds the container's lock (it is alive). */
    private static final String ROW = "select o.operation, o.token, o.status, o.outcome, "
            + "exists (select 1 from pg_locks l where " + AdvisoryLocks.granted(":high", ":low")
            + " and l.pid = o.holder_pid) as live from container_operations o where o.container_id = :id";

    static final Duration RECHECK = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(ClusterOperationCoordinator.class);
    /** A holder is between taking its lock and committing its row (or back) for microseconds; look again soon. */
    private static final Duration SETTLE_PAUSE = Duration.ofMillis(2);

    private static final int SETTLE_ATTEMPTS = 500;

    private static final String HOLD = """
            with lock as (select pg_try_advisory_lock(?) as got)
            insert into container_operations as o
                   (container_id, operation, token, instance_id, holder_pid, status, outcome, started_at, finished_at)
            select ?, ?, ?, ?, pg_backend_pid(), 'running', null, now(), null from lock
            where got and %s is not null
            on conflict (container_id) do update set operation = excluded.operation, token = excluded.token,
                   instance_id = excluded.instance_id, holder_pid = excluded.holder_pid, status = 'running',
                   outcome = null, started_at = excluded.started_at, finished_at = null
            returning o.token""".formatted(RelaxedCommits.RELAX_THIS_STATEMENT);

    private static final String RELEASE = """
            with done as (update container_operations set status = 'done', outcome = ?, finished_at = now()
                          where container_id = ? and token = ?)
            select pg_notify(?, ?), pg_advisory_unlock(?), %s""".formatted(RelaxedCommits.RELAX_THIS_STATEMENT);

    private static final String FORGET_AND_RELEASE = """
            with gone as (delete from container_operations where container_id = ? and token = ?)
            select pg_notify(?, ?), pg_advisory_unlock(?), %s""".formatted(RelaxedCommits.RELAX_THIS_STATEMENT);

    private final InProcessOperationCoordinator local;
    private final ClusterSession session;
    private final JdbcClient jdbc;
    private final LifecycleMetrics metrics;
    /**
     * Outcomes by operation token, whether or not a request here waits for them yet. Kept longer than any operation
     * can take (a stop's grace period is at most 5 minutes), so a waiter's future is never dropped while it waits.
     */
    private final Cache<UUID, CompletableFuture<OperationOutcome>> outcomes =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).build();

    ClusterOperationCoordinator(
            ClusterSession session, ClusterNotifications notifications, JdbcClient jdbc, LifecycleMetrics metrics) {
        this.local = new InProcessOperationCoordinator(metrics, false);
        this.session = session;
        this.jdbc = jdbc;
        this.metrics = metrics;
        notifications.subscribe(CHANNEL, this::onNotification);
    }

    @Override
    public void run(String containerId, LifecycleOperation operation, Runnable action) {
        local.run(containerId, operation, () -> acrossInstances(containerId, operation, action));
    }

    private void acrossInstances(String containerId, LifecycleOperation operation, Runnable action) {
        long key = lockKey(containerId);
        boolean counted = false;
        int unsettled = 0;
        while (true) {
            Hold hold = tryHold(containerId, key, operation);
            if (hold != null) {
                if (!counted) {
                    metrics.executed(operation);
                }
                execute(hold, operation, action);
                return;
            }
            Row current = current(containerId, key);
            if (current == null) {
                if (++unsettled > SETTLE_ATTEMPTS) {
                    log.warn("Container lock held without a live operation row; answering conflict");
                    metrics.conflicted(operation);
                    throw new ConflictingOperationException();
                }
                pause(SETTLE_PAUSE);
                continue;
            }
            if (current.operation() != operation) {
                metrics.conflicted(operation);
                throw new ConflictingOperationException();
            }
            if (!counted) {
                metrics.joined(operation);
                counted = true;
            }
            Optional<OperationOutcome> outcome = awaitOutcome(containerId, key, current.token());
            if (outcome.isPresent()) {
                outcome.get().replay();
                return;
            }
            log.warn("The instance holding a {} of this container died; starting over", operation);
        }
    }

    private void execute(Hold hold, LifecycleOperation operation, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            release(
                    hold,
                    e instanceof RuntimeException runtime ? OperationOutcome.of(runtime) : OperationOutcome.FAILED,
                    false);
            throw e;
        }
        release(hold, OperationOutcome.OK, operation == LifecycleOperation.DELETE);
    }

    private @Nullable Hold tryHold(String containerId, long key, LifecycleOperation operation) {
        UUID token = UUID.randomUUID();
        return session.run(connection -> {
            long generation = session.generation();
            try (PreparedStatement statement = connection.prepareStatement(HOLD)) {
                statement.setLong(1, key);
                statement.setString(2, containerId);
                statement.setString(3, operation.name());
                statement.setObject(4, token);
                statement.setString(5, session.instanceId());
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? new Hold(containerId, key, token, generation) : null;
                }
            } catch (SQLException e) {
                // A session lock taken by a failed statement stays taken; give it back (if it was not, no harm).
                try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                    unlock.setLong(1, key);
                    unlock.executeQuery().close();
                } catch (SQLException ignored) {
                    // the session is broken: PostgreSQL released everything
                }
                throw e;
            }
        });
    }

    /**
     * Marks the operation done, tells every instance its outcome and unlocks, in one statement on the session that
     * holds the lock. If that session was lost meanwhile, its lock went with it: the outcome still goes out, through
     * the pool, for the requests that joined. A successful delete leaves no row behind.
     */
    private void release(Hold hold, OperationOutcome outcome, boolean forget) {
        String payload = hold.token() + "\t" + outcome.encode();
        try {
            session.run(connection -> {
                if (session.generation() != hold.generation()) {
                    throw new SQLException("the session that held the lock was lost");
                }
                try (PreparedStatement statement = connection.prepareStatement(forget ? FORGET_AND_RELEASE : RELEASE)) {
                    int i = 1;
                    if (!forget) {
                        statement.setString(i++, outcome.encode());
                    }
                    statement.setString(i++, hold.containerId());
                    statement.setObject(i++, hold.token());
                    statement.setString(i++, CHANNEL);
                    statement.setString(i++, payload);
                    statement.setLong(i, hold.key());
                    statement.executeQuery().close();
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Could not release a container operation on the cluster session ({}); reporting its outcome"
                            + " through the pool",
                    e.getMessage());
            unlockIfStillHeld(hold);
            publishThroughPool(hold, outcome, payload);
        }
    }

    /** A release that failed on a session that is still alive (a cancelled statement) must not keep the lock. */
    private void unlockIfStillHeld(Hold hold) {
        try {
            session.unlockIfCurrent(hold.generation(), hold.key());
        } catch (RuntimeException e) {
            // the session is gone, and its locks with it
        }
    }

    private void publishThroughPool(Hold hold, OperationOutcome outcome, String payload) {
        try {
            jdbc.sql("""
                    with done as (update container_operations set status = 'done', outcome = :outcome,
                                  finished_at = now() where container_id = :id and token = :token)
                    select pg_notify(:channel, :payload)""")
                    .param("outcome", outcome.encode())
                    .param("id", hold.containerId())
                    .param("token", hold.token())
                    .param("channel", CHANNEL)
                    .param("payload", payload)
                    .query((rs, n) -> 1)
                    .list();
        } catch (RuntimeException e) {
            log.warn("Could not report a container operation's outcome: {}", e.getMessage());
        }
    }

    /** The operation that holds the container's lock now, if its row is committed and its holder holds the lock. */
    private @Nullable Row current(String containerId, long key) {
        return row(containerId, key).filter(row -> !row.done() && row.live()).orElse(null);
    }

    /**
     * Waits for the outcome of the operation with this token: by notification, or, every {@link #RECHECK}, from
     * its row. Empty when its holder died without one.
     */
    private Optional<OperationOutcome> awaitOutcome(String containerId, long key, UUID token) {
        CompletableFuture<OperationOutcome> future = outcomes.get(token, t -> new CompletableFuture<>());
        while (true) {
            try {
                return Optional.of(future.get(RECHECK.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                // look at the row
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a container operation", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            Optional<Row> row = row(containerId, key);
            if (row.isPresent() && row.get().token().equals(token)) {
                if (row.get().done()) {
                    return Optional.of(OperationOutcome.decode(row.get().outcome()));
                }
                if (row.get().live()) {
                    continue;
                }
            }
            // The row moved on, or its holder is gone: the outcome reached us by now, or never will.
            return future.isDone() ? Optional.of(future.join()) : Optional.empty();
        }
    }

    private Optional<Row> row(String containerId, long key) {
        return jdbc.sql(ROW)
                .param("high", AdvisoryLocks.high(key))
                .param("low", AdvisoryLocks.low(key))
                .param("id", containerId)
                .query((rs, n) -> new Row(
                        LifecycleOperation.valueOf(rs.getString("operation")),
                        rs.getObject("token", UUID.class),
                        rs.getString("status").equals("done"),
                        rs.getString("outcome"),
                        rs.getBoolean("live")))
                .optional();
    }

    private void onNotification(String payload) {
        int tab = payload.indexOf('\t');
        if (tab < 0) {
            return;
        }
        try {
            UUID token = UUID.fromString(payload.substring(0, tab));
            outcomes.get(token, t -> new CompletableFuture<>())
                    .complete(OperationOutcome.decode(payload.substring(tab + 1)));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a malformed operation notification");
        }
    }

    /**
     * The container's lock key: its id's first 60 bits. Ids are random 256-bit hashes, so two containers share a
     * key with negligible probability, and keys stay clear of the instances' own (see ClusterSession).
     */
    static long lockKey(String containerId) {
        return Long.parseLong(containerId.substring(0, 15), 16);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a container operation", e);
        }
    }

    private record Hold(String containerId, long key, UUID token, long generation) {}

    private record Row(
            LifecycleOperation operation,
            UUID token,
            boolean done,
            @Nullable String outcome,
            boolean live) {}
}
