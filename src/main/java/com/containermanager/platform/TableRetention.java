package com.containermanager.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@link RetentionPolicy} of a table whose rows age by one time column: each batch deletes the oldest rows
 * before the cutoff, in a relaxed commit (a lost delete is redone by the next sweep). Rows another transaction holds
 * are skipped, so a sweep never waits on a request. A module's policy is a component that extends it.
 */
public class TableRetention implements RetentionPolicy {

    private final String name;
    private final Duration retention;
    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;
    private final String sql;

    protected TableRetention(
            String name, Duration retention, String table, String timeColumn, JdbcClient jdbc, RelaxedCommits relaxed) {
        this(name, retention, table, timeColumn, "true", jdbc, relaxed);
    }

    /**
     * Only rows that also meet {@code condition} age out. {@code table}, {@code timeColumn} and {@code condition}
     * are the module's own SQL, never input.
     */
    protected TableRetention(
            String name,
            Duration retention,
            String table,
            String timeColumn,
            String condition,
            JdbcClient jdbc,
            RelaxedCommits relaxed) {
        this.name = name;
        this.retention = retention;
        this.jdbc = jdbc;
        this.relaxed = relaxed;
        this.sql = "delete from " + table + " where id in (select id from " + table + " where " + condition + " and "
                + timeColumn + " < :cutoff order by " + timeColumn + " limit :batch for update skip locked)";
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration retention() {
        return retention;
    }

    @Override
    public final int deleteOlderThan(Instant cutoff, int batch) {
        return relaxed.run(() -> jdbc.sql(sql)
                .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .param("batch", batch)
                .update());
    }
}
