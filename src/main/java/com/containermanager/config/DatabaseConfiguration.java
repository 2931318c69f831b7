package com.containermanager.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        return new EmbeddedPostgresHolder(
                EmbeddedPostgresLauncher.start(dataFolder.dataDir().resolve("postgres")));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseSettings database, EmbeddedPostgresHolder embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        if (embedded.postgres() != null) {
            dataSource.setJdbcUrl(embedded.postgres().getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername("postgres");
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

    record EmbeddedPostgresHolder(EmbeddedPostgres postgres) implements AutoCloseable {
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
