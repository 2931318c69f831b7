package com.containermanager.config;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One batch of a {@link RetentionPolicy}'s delete: the oldest rows of a table whose time column is before the
 * cutoff, in a relaxed commit (a lost delete is redone by the next sweep). Rows another transaction holds are
 * skipped, so a sweep never waits on a request.
 */
public record AgedRows(String table, String timeColumn) {

    public int deleteBatch(JdbcClient jdbc, RelaxedCommits relaxed, Instant cutoff, int batch) {
        // Identifiers come from the modules' constants, never from input.
        String sql = "delete from " + table + " where id in (select id from " + table + " where " + timeColumn
                + " < :cutoff order by " + timeColumn + " limit :batch for update skip locked)";
        return relaxed.run(() -> jdbc.sql(sql)
                .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .param("batch", batch)
                .update());
    }
}
