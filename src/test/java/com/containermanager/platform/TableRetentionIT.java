package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.IntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The retention policies' batch delete on PostgreSQL: oldest first, a batch at a time, never waiting on a lock. */
class TableRetentionIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RelaxedCommits relaxed;

    @Autowired
    DataSource dataSource;

    private TableRetention probe;

    @BeforeEach
    void table() {
        probe = new TableRetention("probe", Duration.ofHours(1), "aged_rows_probe", "at", jdbc, relaxed);
        jdbc.sql("create table aged_rows_probe (id bigint primary key, at timestamptz not null)")
                .update();
        // 1 to 3 are an hour old, 2 the oldest and 1 the youngest of them; 4 and 5 are new.
        jdbc.sql("insert into aged_rows_probe values (1, now() - interval '61 minutes'),"
                        + " (2, now() - interval '63 minutes'), (3, now() - interval '62 minutes'),"
                        + " (4, now()), (5, now())")
                .update();
    }

    @AfterEach
    void dropTable() {
        jdbc.sql("drop table aged_rows_probe").update();
    }

    @Test
    void deletesTheOldestBatchFirstAndNothingNewer() {
        Instant cutoff = Instant.now().minusSeconds(3600);

        assertThat(probe.deleteOlderThan(cutoff, 2)).isEqualTo(2);
        assertThat(ids()).as("the two oldest went first").containsExactly(1L, 4L, 5L);
        assertThat(probe.deleteOlderThan(cutoff, 2)).isEqualTo(1);
        assertThat(probe.deleteOlderThan(cutoff, 2)).isZero();
        assertThat(ids()).containsExactly(4L, 5L);
    }

    @Test
    void skipsARowAnotherTransactionHolds() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("select 1 from aged_rows_probe where id = 1 for update");
            }
            // A delete that waited for the lock would not answer within the timeout: the test fails, not hangs.
            assertThat(CompletableFuture.supplyAsync(
                                    () -> probe.deleteOlderThan(Instant.now().minusSeconds(3600), 500))
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo(2);
            other.rollback();
        }
        assertThat(ids()).as("the held row stays").containsExactly(1L, 4L, 5L);
    }

    private List<Long> ids() {
        return jdbc.sql("select id from aged_rows_probe order by id")
                .query(Long.class)
                .list();
    }
}
