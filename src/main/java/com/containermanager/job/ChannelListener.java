package com.containermanager.job;

import com.containermanager.config.Backoff;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one PostgreSQL channel on a connection of its own and hands each notification over, for as long as it
 * is told to run; a lost connection is re-opened with a backoff, and no failure ends the loop but a stop.
 */
final class ChannelListener {

    private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);
    private static final Backoff RECONNECT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    private final DataSource dataSource;
    private final String channel;

    ChannelListener(DataSource dataSource, String channel) {
        this.dataSource = dataSource;
        this.channel = channel;
    }

    /** Runs on the caller's thread until {@code running} turns false (checked at least every second). */
    void listen(BooleanSupplier running, Consumer<PGNotification> handler) {
        int failures = 0;
        while (running.getAsBoolean()) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + channel);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                failures = 0;
                while (running.getAsBoolean()) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            handler.accept(notification);
                        }
                    }
                }
            } catch (Throwable e) { // the loop must outlive any failure
                if (!running.getAsBoolean()) {
                    return;
                }
                Duration backoff = RECONNECT.delay(failures++);
                log.warn("Listener on {} lost its connection ({}); retrying in {} ms", channel, e, backoff.toMillis());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
