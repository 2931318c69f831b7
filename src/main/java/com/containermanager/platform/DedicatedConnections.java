package com.containermanager.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Fresh connections to the service's database, outside the request pool: for work whose meaning is bound to one
 * session (advisory locks, LISTEN) or that must not queue behind requests (lease renewal). The caller owns each
 * connection and closes it. The pool would recycle its connections (maxLifetime), which would silently end a
 * session and the locks it holds; a plain driver connection lives as long as its owner keeps it.
 */
public class DedicatedConnections {

    /** Longer than any statement these connections run, and than a LISTEN poll. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private final String url;
    private final String user;
    private final String password;

    DedicatedConnections(HikariDataSource pool) {
        this.url = pool.getJdbcUrl();
        this.user = pool.getUsername();
        this.password = pool.getPassword();
    }

    /** A new connection in auto-commit; {@code purpose} shows as its application_name in pg_stat_activity. */
    public Connection open(String purpose) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        String name = "container-manager " + purpose;
        properties.setProperty("ApplicationName", name.length() > 63 ? name.substring(0, 63) : name);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "5");
        // A peer that vanished without closing (network or host lost) must not hang its owner, nor keep its
        // session, and the advisory locks it holds, alive on the server for the kernel's two hours: the client
        // gives up on a silent socket, and the server probes and drops a dead client within about half a minute.
        properties.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty(
                "options",
                "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5"
                        + " -c tcp_keepalives_count=3 -c tcp_user_timeout=30000");
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        return connection;
    }
}
