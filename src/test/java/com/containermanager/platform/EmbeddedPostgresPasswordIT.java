package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL lets nobody in without the generated password, also in a data folder that used to trust. */
class EmbeddedPostgresPasswordIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldRefuseConnectionsWithoutTheGeneratedPassword() throws Exception {
        try (EmbeddedPostgresLauncher.Embedded embedded = EmbeddedPostgresLauncher.start(dataDir)) {
            String url = embedded.postgres().getJdbcUrl("postgres", "postgres");

            assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(url, "postgres")).isInstanceOf(SQLException.class);
            try (Connection connection = connect(url, embedded.password())) {
                assertThat(connection.isValid(5)).isTrue();
            }
            Path passwordFile = dataDir.resolve("postgres-password");
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(embedded.password());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(dataDir.resolve("postgres").resolve("pg_hba.conf")))
                    .doesNotContainPattern("(?m)^[^#]*\\strust\\s*$");
        }
    }

    @Test
    void shouldConvertADataFolderThatTrustedLocalConnectionsAndKeepItsData() throws Exception {
        Path legacy = dataDir.resolve("postgres");
        try (EmbeddedPostgres earlierRelease = EmbeddedPostgres.builder()
                .setDataDirectory(legacy)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start()) {
            try (Connection connection = connect(earlierRelease.getJdbcUrl("postgres", "postgres"), null);
                    Statement statement = connection.createStatement()) {
                statement.execute("create table kept (value text); insert into kept values ('survived')");
            }
        }

        try (EmbeddedPostgresLauncher.Embedded embedded = EmbeddedPostgresLauncher.start(dataDir)) {
            String url = embedded.postgres().getJdbcUrl("postgres", "postgres");
            assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class);
            try (Connection connection = connect(url, embedded.password());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select value from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("survived");
            }
        }
        try (EmbeddedPostgresLauncher.Embedded again = EmbeddedPostgresLauncher.start(dataDir)) {
            assertThatThrownBy(() -> connect(again.postgres().getJdbcUrl("postgres", "postgres"), null))
                    .as("still refused after a restart")
                    .isInstanceOf(SQLException.class);
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }
}
