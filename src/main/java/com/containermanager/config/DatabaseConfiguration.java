package com.containermanager.config;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One DataSource for both cases: the configured server, or embedded PostgreSQL when db.host is empty. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(DatabaseSettings database, DataFolderSettings dataFolder) {
        if (!database.embedded()) {
            return new EmbeddedPostgresHolder(null);
        }
        return new EmbeddedPostgresHolder(EmbeddedPostgresLauncher.start(dataFolder.dataDir()));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseSettings database, EmbeddedPostgresHolder embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        EmbeddedPostgresLauncher.Embedded local = embedded.postgres();
        if (local != null) {
            dataSource.setJdbcUrl(local.postgres().getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername(EmbeddedPostgresLauncher.SUPERUSER);
            dataSource.setPassword(local.password());
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

    record EmbeddedPostgresHolder(EmbeddedPostgresLauncher.@Nullable Embedded postgres) implements AutoCloseable {
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
