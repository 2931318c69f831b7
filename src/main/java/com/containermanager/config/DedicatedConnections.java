package com.containermanager.config;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Fresh connections to the service's database, outside the request pool: for work whose meaning is bound to one
 * session (advisory locks, LISTEN) or that must not queue behind requests (lease renewal). The caller owns each
 * connection and closes it. The pool would recycle its connections (maxLifetime), which would silently end a
 * session and the locks it holds; a plain driver connection lives as long as its owner keeps it.
 */
public class DedicatedConnections {

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
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        return connection;
    }
}
