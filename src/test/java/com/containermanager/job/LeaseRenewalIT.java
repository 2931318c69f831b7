package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Leases are renewed on a connection of their own: a request pool with no connection left cannot make them lapse. */
class LeaseRenewalIT extends IntegrationTest {

    @Autowired
    LeaseKeeper leases;

    @Autowired
    HikariDataSource pool;

    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldRenewLeasesWhileTheRequestPoolIsExhausted() throws Exception {
        ApiClient.Session user = api.newUser("lease");
        String claim = "lease-it/" + UUID.randomUUID();
        UUID jobId = runningJob(user, claim);
        leases.track(claim, System.nanoTime());
        OffsetDateTime before = leaseUntil(jobId);

        List<Connection> borrowed = new ArrayList<>();
        try {
            // Borrow until a borrow fails: then every connection is ours or held elsewhere (the notification
            // listener, a worker), whatever others borrowed and returned meanwhile. Counting free connections first
            // and then taking that many races with the workers.
            long timeout = pool.getConnectionTimeout();
            pool.getHikariConfigMXBean().setConnectionTimeout(250);
            try {
                while (true) {
                    borrowed.add(pool.getConnection());
                }
            } catch (java.sql.SQLException exhausted) {
                // no connection left for requests
            } finally {
                pool.getHikariConfigMXBean().setConnectionTimeout(timeout);
            }
            assertThat(borrowed).as("connections taken from the pool").isNotEmpty();

            leases.renew();
        } finally {
            for (Connection connection : borrowed) {
                connection.close();
            }
        }

        assertThat(leaseUntil(jobId)).isAfter(before);
        assertThat(leases.held(claim)).isTrue();
        leases.forget(claim);
    }

    @Test
    void shouldCountAClaimTakenOverByAnotherWorkerAsLostAtOnce() {
        ApiClient.Session user = api.newUser("lost");
        String claim = "lease-it/" + UUID.randomUUID();
        UUID jobId = runningJob(user, claim);
        leases.track(claim, System.nanoTime());
        assertThat(leases.held(claim)).isTrue();

        jdbc.sql("update jobs set lease_owner = 'someone-else' where id = :id")
                .param("id", jobId)
                .update();
        leases.renew();

        assertThat(leases.held(claim)).isFalse();
        leases.forget(claim);
    }

    /** A job held by a claim no worker of this instance runs (its payload would fail; it never gets claimed). */
    private UUID runningJob(ApiClient.Session user, String claim) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into jobs (id, owner_id, type, status, payload, attempts, lease_owner, lease_until)
                values (:id, :owner, 'lease-test', 'running', '{}'::jsonb, 1, :claim, now() + interval '3 seconds')""")
                .param("id", id)
                .param("owner", Long.parseLong(user.userId()))
                .param("claim", claim)
                .update();
        return id;
    }

    private OffsetDateTime leaseUntil(UUID jobId) {
        return jdbc.sql("select lease_until from jobs where id = :id")
                .param("id", jobId)
                .query(OffsetDateTime.class)
                .single();
    }
}
