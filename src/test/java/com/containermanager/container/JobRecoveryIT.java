package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A worker that died (kill -9) leaves its job running with a lease that expires; the job must still finish once. */
class JobRecoveryIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldResumeAJobWhoseWorkerDied() {
        ApiClient.Session user = api.newUser("recover");
        UUID jobId = insertAbandonedJob(user);

        JsonNode job = awaitJob(user, jobId.toString());

        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(containersOfJob(jobId)).hasSize(1);
        assertThat(ownershipRows(jobId)).isEqualTo(1);
    }

    @Test
    void shouldAdoptTheContainerThatTheCrashedAttemptAlreadyCreated() {
        ApiClient.Session user = api.newUser("adopt");
        UUID jobId = UUID.randomUUID();
        String existing = runtime.create(new ContainerSpec(
                Long.parseLong(user.userId()), jobId, TEST_IMAGE, List.of("sleep", "3600"), List.of()));
        insertAbandonedJob(user, jobId);

        JsonNode job = awaitJob(user, jobId.toString());

        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("result").get("container_id").asString()).isEqualTo(existing);
        assertThat(containersOfJob(jobId)).containsExactly(existing);
        assertThat(ownershipRows(jobId)).isEqualTo(1);
        assertThat(api.get("/containers/" + existing, user.token()).status()).isEqualTo(200);
    }

    private UUID insertAbandonedJob(ApiClient.Session user) {
        UUID jobId = UUID.randomUUID();
        insertAbandonedJob(user, jobId);
        return jobId;
    }

    /** What a worker killed mid-job leaves behind: running, claimed by a worker that no longer renews its lease. */
    private void insertAbandonedJob(ApiClient.Session user, UUID jobId) {
        String payload = ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("sleep", "3600"), "env", List.of()));
        jdbc.sql("""
                insert into jobs (id, owner_id, type, status, payload, attempts, lease_owner, lease_until, created_at)
                values (:id, :owner, 'container_creation', 'running', cast(:payload as jsonb), 1, 'dead-worker',
                        now() - interval '1 second', now() - interval '10 seconds')""")
                .param("id", jobId)
                .param("owner", Long.parseLong(user.userId()))
                .param("payload", payload)
                .update();
    }

    private List<String> containersOfJob(UUID jobId) {
        return EngineFixture.containersLabelled(ContainerLabels.JOB, jobId.toString());
    }

    private long ownershipRows(UUID jobId) {
        return jdbc.sql("select count(*) from containers where job_id = :job")
                .param("job", jobId)
                .query(Long.class)
                .single();
    }
}
