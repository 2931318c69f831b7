package com.containermanager.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One LISTEN session on a PostgreSQL channel, on a connection of its own: notifications are handed over until
 * {@code running} turns false (checked at least every second). A lost connection ends the session with an
 * exception; the supervised loop that runs it starts another after a pause.
 */
final class ChannelListener {

    private ChannelListener() {}

    static void listenUntilDisconnected(
            DataSource dataSource, String channel, BooleanSupplier running, Consumer<PGNotification> handler)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("listen " + channel);
            }
            PGConnection postgres = connection.unwrap(PGConnection.class);
            while (running.getAsBoolean()) {
                PGNotification[] notifications = postgres.getNotifications(1000);
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        handler.accept(notification);
                    }
                }
            }
        }
    }
}
