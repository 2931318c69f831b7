package com.containermanager.platform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/** Run in a child JVM by {@link EmbeddedPostgresRestartIT}: starts PostgreSQL, writes a row, and waits to be killed. */
public final class CrashingPostgresMain {

    private CrashingPostgresMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresLauncher.Embedded postgres = EmbeddedPostgresLauncher.start(Path.of(args[0]));
        try (Connection connection = postgres.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table kept (value text); insert into kept values ('survived')");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
