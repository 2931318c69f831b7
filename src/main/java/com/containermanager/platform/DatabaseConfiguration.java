package com.containermanager.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One DataSource for both cases: the configured server, or embedded PostgreSQL when db.host is empty. Public for the
 * operator's commands (creating a user), which use the database without the rest of the service: they set
 * {@code cm.db.attach-running}, so that they connect to the embedded PostgreSQL of a service that runs on the same
 * data folder instead of starting (and first stopping) one.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(
            DatabaseSettings database,
            DataFolderSettings dataFolder,
            @Value("${cm.db.attach-running:false}") boolean attachRunning) {
        if (!database.embedded()) {
            return new EmbeddedPostgresHolder(null, null, null);
        }
        Path folder = dataFolder.dataDir().resolve("postgres");
        if (attachRunning) {
            Optional<Integer> port = EmbeddedPostgresLauncher.runningPort(folder);
            if (port.isPresent()) {
                return new EmbeddedPostgresHolder(
                        null, port.get(), EmbeddedPostgresLauncher.password(dataFolder.dataDir()));
            }
        }
        return new EmbeddedPostgresHolder(EmbeddedPostgresLauncher.start(dataFolder.dataDir()), null, null);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseSettings database, EmbeddedPostgresHolder embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        EmbeddedPostgresLauncher.Embedded local = embedded.postgres();
        if (local != null) {
            dataSource.setJdbcUrl(local.postgres().getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername(EmbeddedPostgresLauncher.SUPERUSER);
            dataSource.setPassword(local.password());
        } else if (embedded.attachedPort() != null) {
            dataSource.setJdbcUrl("jdbc:postgresql://localhost:%d/postgres".formatted(embedded.attachedPort()));
            dataSource.setUsername(EmbeddedPostgresLauncher.SUPERUSER);
            dataSource.setPassword(embedded.attachedPassword());
        } else {
            dataSource.setJdbcUrl(
                    "jdbc:postgresql://%s:%d/%s".formatted(database.host(), database.port(), database.name()));
            dataSource.setUsername(database.user());
            dataSource.setPassword(database.password());
        }
        dataSource.setPoolName("cm-db");
        dataSource.setMaximumPoolSize(20);
        return dataSource;
    }

    @Bean
    DedicatedConnections dedicatedConnections(HikariDataSource dataSource) {
        return new DedicatedConnections(dataSource);
    }

    /** The embedded PostgreSQL this process started, or the port (and password) of one it attached to, or neither. */
    record EmbeddedPostgresHolder(
            EmbeddedPostgresLauncher.@Nullable Embedded postgres,
            @Nullable Integer attachedPort,
            @Nullable String attachedPassword)
            implements AutoCloseable {
        @Override
        public void close() {
            if (postgres == null) {
                return;
            }
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
