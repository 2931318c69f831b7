package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder outlives the service, also when the service is killed and its PostgreSQL is left behind. */
class EmbeddedPostgresRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldComeUpOnTheSameDataAfterKill9LeftPostgresRunning() throws Exception {
        Process service = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingPostgresMain.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(service.getInputStream()))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals("READY")) {
                // PostgreSQL's start-up chatter
            }
            assertThat(line).as("the child started PostgreSQL").isEqualTo("READY");
        }
        long orphanPid =
                Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                        .getFirst()
                        .trim());
        service.destroyForcibly().waitFor();
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false))
                .as("like after kill -9 of the service, its PostgreSQL outlives it")
                .isTrue();

        try (EmbeddedPostgresLauncher.Embedded restarted = EmbeddedPostgresLauncher.start(dataDir)) {
            assertThat(query(restarted, "select value from kept")).isEqualTo("survived");
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        }
    }

    @Test
    void shouldIgnoreAStalePidFile() throws Exception {
        try (EmbeddedPostgresLauncher.Embedded first = EmbeddedPostgresLauncher.start(dataDir)) {
            execute(first, "create table kept (value text); insert into kept values ('survived')");
        }
        // A pid file naming a process that is gone, as a crash of the whole machine leaves it.
        Files.writeString(dataDir.resolve("postgres").resolve("postmaster.pid"), "999999\n" + dataDir + "\n");

        try (EmbeddedPostgresLauncher.Embedded restarted = EmbeddedPostgresLauncher.start(dataDir)) {
            assertThat(query(restarted, "select value from kept")).isEqualTo("survived");
        }
    }

    private static void execute(EmbeddedPostgresLauncher.Embedded postgres, String sql) throws Exception {
        try (Connection connection = postgres.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgresLauncher.Embedded postgres, String sql) throws Exception {
        try (Connection connection = postgres.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
