package com.containermanager.cluster;

import com.containermanager.platform.BackgroundLoops;
import com.containermanager.platform.DedicatedConnections;
import com.containermanager.platform.SupervisedLoop;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's LISTEN/NOTIFY between instances, on a connection of its own: a notification reaches the listeners
 * here as soon as the transaction that sent it commits. Notifications sent while the connection is down are lost:
 * whoever subscribes must also look for itself now and then, or after each reconnect ({@link #onReconnect}).
 */
@Component
public class ClusterNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterNotifications.class);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(5);

    private final DedicatedConnections connections;
    private final BackgroundLoops loops;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<Consumer<Duration>> reconnectListeners = new CopyOnWriteArrayList<>();
    /** When the session was last known to receive every notification (System.nanoTime), 0 before the first. */
    private volatile long lastListening;

    private volatile boolean running;
    private @Nullable SupervisedLoop listener;

    ClusterNotifications(DedicatedConnections connections, BackgroundLoops loops) {
        this.connections = connections;
        this.loops = loops;
    }

    /** Subscribes to a channel (a plain identifier); call before the application starts. */
    public void subscribe(String channel, Consumer<String> listener) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel must be a plain identifier: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /**
     * Runs after each reconnect, once LISTEN holds again on the new session, with how long this instance may have
     * missed notifications (from the last moment the old session was known to listen); call before the start.
     */
    public void onReconnect(Consumer<Duration> listener) {
        reconnectListeners.add(listener);
    }

    @Override
    public void start() {
        running = true;
        // A platform thread: it blocks in the driver's socket read between notifications.
        listener = loops.start("cluster-notifications", Thread.ofPlatform().daemon(), this::listenUntilDisconnected);
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            loops.stop(listener);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Early, before the web server: outcomes of other instances must reach requests from the first one on. */
    @Override
    public int getPhase() {
        return -1000;
    }

    /**
     * One LISTEN session on every subscribed channel, until the connection is lost (then the supervised loop logs
     * it and starts another after a pause) or the instance stops. The connection's socket timeout ends a session
     * whose server vanished without closing it.
     */
    private void listenUntilDisconnected() throws SQLException {
        try (Connection connection = connections.open("notifications")) {
            try (Statement statement = connection.createStatement()) {
                for (String channel : listeners.keySet()) {
                    statement.execute("listen " + channel);
                }
            }
            long deafSince = lastListening;
            lastListening = System.nanoTime();
            if (deafSince != 0) {
                reconnected(Duration.ofNanos(lastListening - deafSince));
            }
            PGConnection postgres = connection.unwrap(PGConnection.class);
            while (running) {
                if (System.nanoTime() - lastListening >= PROBE_EVERY.toNanos()) {
                    probe(connection);
                }
                PGNotification[] notifications = postgres.getNotifications(1000);
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        dispatch(notification);
                    }
                }
            }
        }
    }

    /**
     * Waiting for notifications only times out on a connection whose server vanished without closing it; a query
     * fails within the socket timeout. Notifications come on the connection in commit order, before the query's
     * answer, so once it answers every one sent before it was sent has been received.
     */
    private void probe(Connection connection) throws SQLException {
        long sent = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("select 1");
        }
        lastListening = sent;
    }

    private void reconnected(Duration missed) {
        log.info("Notifications listened to again, after up to {} ms without", missed.toMillis());
        for (Consumer<Duration> listener : reconnectListeners) {
            try {
                listener.accept(missed);
            } catch (RuntimeException e) {
                log.warn("A reconnect listener failed: {}", e.getMessage());
            }
        }
    }

    private void dispatch(PGNotification notification) {
        for (Consumer<String> listener : listeners.getOrDefault(notification.getName(), List.of())) {
            try {
                listener.accept(notification.getParameter());
            } catch (RuntimeException e) {
                log.warn("A notification listener failed: {}", e.getMessage());
            }
        }
    }
}
