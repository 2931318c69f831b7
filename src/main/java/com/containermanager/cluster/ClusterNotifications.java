package com.containermanager.cluster;

import com.containermanager.config.DedicatedConnections;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's LISTEN/NOTIFY between instances, on a connection of its own: a notification reaches the listeners
 * here as soon as the transaction that sent it commits. Notifications sent while the connection is down are lost;
 * whoever subscribes must also look for itself now and then.
 */
@Component
public class ClusterNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterNotifications.class);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

    private final DedicatedConnections connections;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    ClusterNotifications(DedicatedConnections connections) {
        this.connections = connections;
    }

    /** Subscribes to a channel (a plain identifier); call before the application starts. */
    public void subscribe(String channel, Consumer<String> listener) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel must be a plain identifier: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("cluster-notifications").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
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

    private void listen() {
        while (running) {
            try (Connection connection = connections.open("notifications")) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : listeners.keySet()) {
                        statement.execute("listen " + channel);
                    }
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification);
                        }
                    }
                }
            } catch (Throwable e) {
                if (!running) {
                    return;
                }
                log.warn("Cluster notification listener lost its connection: {}", e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(RECONNECT_DELAY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
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
