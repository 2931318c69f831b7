package com.containermanager.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One PostgreSQL for the whole test JVM, started on first use and stopped when the JVM ends: starting one per test
 * context would cost seconds each. Contexts share it by taking a schema each ({@link #newSchema()}); nothing they
 * write can meet. What is per database, not per schema, stays shared: advisory locks and LISTEN/NOTIFY channels, so a
 * test tells its own locks and notifications apart by ids no other schema has (random job and container ids; user
 * ids count from 1 in every schema).
 */
public final class SharedPostgres {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final List<ConfigurableApplicationContext> CONTEXTS = new CopyOnWriteArrayList<>();
    private static @Nullable EmbeddedPostgres server;

    private SharedPostgres() {}

    /** The server's port on localhost; it trusts local connections (test data only). */
    public static int port() {
        return server().getPort();
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setRegisterShutdownHook(false)
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(SharedPostgres::stop, "shared-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the tests' PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new, empty schema; the caller's connections name it in their search path. */
    public static String newSchema() {
        String schema = "context_" + SCHEMAS.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + schema, e);
        }
        return schema;
    }

    /** A context on this server: closed before the server stops, so that nothing of it outlives the server. */
    static void using(ConfigurableApplicationContext context) {
        CONTEXTS.add(context);
    }

    /**
     * At the JVM's exit, after the contexts on it: shutdown hooks run in no set order, and the contexts' workers and
     * listeners would otherwise spend their last seconds reconnecting to a server that is gone. Closing a context
     * that Spring's own hook is closing waits for that close to end.
     */
    private static void stop() {
        CONTEXTS.forEach(ConfigurableApplicationContext::close);
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL whose connections see the schema (and only it, besides PostgreSQL's own catalog). */
    public static String jdbcUrl(String schema) {
        return "jdbc:postgresql://localhost:%d/%s?currentSchema=%s".formatted(port(), DATABASE, schema);
    }
}
