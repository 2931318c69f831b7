package com.containermanager.job;

import com.containermanager.platform.DedicatedConnections;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The leases of the claims this instance's workers hold. They are renewed on a connection of their own, so neither
 * a busy request pool nor slow requests can let a lease lapse while its worker is still running. For each claim it
 * knows until when the lease is certainly held: counted from the moment before the statement that set it, so never
 * later than PostgreSQL's own lease_until. A worker asks {@link #held} before a step that cannot be taken back; it
 * is not held once less than a third of the lease is left, which is what one failed renewal leaves. Renewal and
 * closing are synchronized: they share the one connection.
 */
@Component
class LeaseKeeper implements LeaseCheck {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final long LOST = Long.MIN_VALUE;

    private final DedicatedConnections connections;
    private final long leaseNanos;
    private final Map<String, Long> certainUntil = new ConcurrentHashMap<>();
    /** Used only by the renewal thread. */
    private @Nullable Connection connection;

    LeaseKeeper(DedicatedConnections connections, JobSettings settings) {
        this.connections = connections;
        this.leaseNanos = settings.lease().toNanos();
    }

    /** A new claim, whose lease was set by a statement that started at {@code claimedAt} (System.nanoTime). */
    void track(String claim, long claimedAt) {
        certainUntil.put(claim, claimedAt + leaseNanos);
    }

    void forget(String claim) {
        certainUntil.remove(claim);
    }

    @Override
    public boolean held(String claim) {
        Long until = certainUntil.get(claim);
        return until != null && until != LOST && until - System.nanoTime() > leaseNanos / 3;
    }

    /** Renews every tracked claim in one statement; a claim the database no longer gives to us is lost at once. */
    synchronized void renew() {
        Set<String> claims = Set.copyOf(certainUntil.keySet());
        if (claims.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Set<String> renewed = new HashSet<>();
        try {
            Connection session = connection();
            try (PreparedStatement statement =
                    session.prepareStatement("update jobs set lease_until = now() + cast(? as interval) "
                            + "where lease_owner = any(?) and status = 'running' returning lease_owner")) {
                Array owners = session.createArrayOf("text", claims.toArray());
                statement.setString(1, leaseNanos / 1_000_000 + " milliseconds");
                statement.setArray(2, owners);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        renewed.add(rows.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            log.warn(
                    "Could not renew job leases ({}); a worker whose lease runs low stops before its next"
                            + " irreversible step",
                    e.getMessage());
            close();
            return;
        }
        for (String claim : claims) {
            long until = renewed.contains(claim) ? started + leaseNanos : LOST;
            certainUntil.computeIfPresent(claim, (c, previous) -> until);
        }
    }

    /**
     * Every claim is lost from now on: called before this instance hands its running jobs back, so that a worker
     * still busy with one stops before its next irreversible step instead of racing the job's next owner.
     */
    void loseAll() {
        certainUntil.replaceAll((claim, until) -> LOST);
    }

    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // gone already
            }
            connection = null;
        }
    }

    /** A statement that hangs (a locked row, a stalled server) must not hold up renewal past the margin. */
    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Connection fresh = connections.open("leases");
            try (Statement statement = fresh.createStatement()) {
                statement.execute("set statement_timeout = " + Math.max(1, leaseNanos / 3 / 1_000_000));
            }
            connection = fresh;
        }
        return connection;
    }
}
