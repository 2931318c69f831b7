package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * No container of ours outlives its purpose: a creation that fails after its container exists removes it, and the
 * sweeper removes what nobody owns. What is left is read from the engine itself.
 */
class OrphansIT extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MeterRegistry metrics;

    @DynamicPropertySource
    static void quickSweeps(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "orphans");
        registry.add("cm.orphans.grace", () -> "2s");
        registry.add("cm.orphans.interval", () -> "300ms");
        registry.add("cm.jobs.retry-for", () -> "3s");
    }

    @AfterEach
    void copyWorksAgain() {
        counting().failCopyIn(null);
    }

    @Test
    void shouldRemoveTheContainerOfACreationWhoseFilesCouldNotBeCopied() {
        ApiClient.Session user = api.newUser("io-error");
        assertThat(api.upload(user.token(), "data.txt", "x".getBytes()).status())
                .isEqualTo(200);
        double before = removed("failed_job");
        counting().failCopyIn(() -> new UncheckedIOException(new IOException("disk read error")));

        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "files", List.of("data.txt")));

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).isEqualTo("could not copy the files into the container");
        assertThat(counting().calls("create", "*")).isPositive();
        assertThat(containersOfJob(job.get("id").asString()))
                .as("removed by the job")
                .isEmpty();
        assertThat(removed("failed_job")).isGreaterThan(before);
    }

    @Test
    void shouldLeaveNoContainerWhenTheJobGivesUpAfterRetries() {
        ApiClient.Session user = api.newUser("give-up");
        assertThat(api.upload(user.token(), "data.txt", "x".getBytes()).status())
                .isEqualTo(200);
        counting().failCopyIn(() -> new EngineUnavailableException(new IOException("engine went away")));

        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "files", List.of("data.txt")));

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).startsWith("container engine unavailable (gave up after");
        assertThat(containersOfJob(job.get("id").asString())).isEmpty();
    }

    @Test
    void shouldSweepAContainerThatNobodyOwnsOnceItsGraceHasPassed() {
        ApiClient.Session user = api.newUser("unowned");
        String owned = createContainer(user, List.of("true"));
        double before = removed("unowned");

        String orphan = createDirectly(user, UUID.randomUUID());

        await().atMost(Duration.ofSeconds(30)).until(() -> !exists(orphan));
        assertThat(exists(owned)).as("an owned container stays").isTrue();
        assertThat(removed("unowned")).isGreaterThan(before);
    }

    @Test
    void shouldSpareAContainerThatAnUnfinishedJobClaims() {
        ApiClient.Session user = api.newUser("claimed");
        UUID jobId = UUID.randomUUID();
        // A creation under way elsewhere: running, under a lease that does not run out during the test.
        jdbc.sql("insert into jobs (id, owner_id, type, status, payload, attempts, lease_owner, lease_until) "
                        + "values (:id, :owner, 'container_creation', 'running', cast(:payload as jsonb), 1, "
                        + "'another-instance', now() + interval '1 hour')")
                .param("id", jobId)
                .param("owner", Long.parseLong(user.userId()))
                .param("payload", ApiClient.json(Map.of("image", TEST_IMAGE)))
                .update();
        String claimed = createDirectly(user, jobId);
        String unclaimed = createDirectly(user, UUID.randomUUID());

        await().atMost(Duration.ofSeconds(30)).until(() -> !exists(unclaimed));
        assertThat(exists(claimed)).as("its job is still running").isTrue();

        jdbc.sql("update jobs set status = 'failed', lease_owner = null, lease_until = null where id = :id")
                .param("id", jobId)
                .update();
        await().atMost(Duration.ofSeconds(30)).until(() -> !exists(claimed));
    }

    @Test
    void shouldSweepTheContainersOfADeletedUser() {
        ApiClient.Session user = api.newUser("deleted");
        String container = createContainer(user, List.of("true"));
        double before = removed("deleted_user");

        jdbc.sql("delete from users where id = :id")
                .param("id", Long.parseLong(user.userId()))
                .update();

        await().atMost(Duration.ofSeconds(60)).until(() -> !exists(container));
        assertThat(removed("deleted_user")).isGreaterThan(before);
    }

    private String createDirectly(ApiClient.Session user, UUID jobId) {
        return runtime.create(
                new ContainerSpec(Long.parseLong(user.userId()), jobId, TEST_IMAGE, List.of("true"), List.of()));
    }

    private static boolean exists(String containerId) {
        return EngineFixture.containersLabelled(TEST_LABEL, RUN_ID).contains(containerId);
    }

    private static List<String> containersOfJob(String jobId) {
        return EngineFixture.containersLabelled(ContainerLabels.JOB, jobId);
    }

    private double removed(String reason) {
        return metrics.counter("cm.containers.orphans.removed", "reason", reason)
                .count();
    }
}
