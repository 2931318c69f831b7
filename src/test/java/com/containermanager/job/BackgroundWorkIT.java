package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.TricklingRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Background work stays bounded: a pull that never ends is abandoned at its deadline and frees its worker; finished
 * jobs and audit rows go once they are past their retention, unfinished jobs never; and readiness watches the loops.
 * One worker, a 3 s pull deadline, 2 s retentions.
 */
@DirtiesContext
class BackgroundWorkIT extends IntegrationTest {

    private static final TricklingRegistry REGISTRY = startRegistry();

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void shortDeadlines(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "background-work");
        registry.add("jobs.workers", () -> 1);
        registry.add("containers.pull_timeout", () -> "3s");
        // Issue 12 admits loopback registries only when they are listed; this one must be.
        registry.add("containers.allowed_registries", () -> "docker.io," + REGISTRY.address());
        registry.add("jobs.retention", () -> "2s");
        registry.add("audit.retention", () -> "2s");
    }

    private static TricklingRegistry startRegistry() {
        try {
            return new TricklingRegistry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        REGISTRY.close();
    }

    @Test
    void shouldFailAPullPastItsDeadlineAndFreeTheWorker() {
        ApiClient.Session user = api.newUser("trickle");

        JsonNode stuck = createAndAwait(
                user, Map.of("image", REGISTRY.address() + "/trickle/image:latest", "cmd", List.of("true")));

        assertThat(REGISTRY.downloadsBegun())
                .as("the pull reached the registry")
                .isPositive();
        assertThat(stuck.get("status").asString()).as(stuck.toString()).isEqualTo("failed");
        assertThat(stuck.get("error").asString()).isEqualTo("image pull timed out");
        // Nothing of ours still waits on the engine for that pull: the deadline closed its connection, and the
        // worker that made it takes the next job.
        JsonNode next = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", List.of("true")));
        assertThat(next.get("status").asString())
                .as("the only worker is free again")
                .isEqualTo("completed");
    }

    @Test
    void shouldDeleteFinishedJobsAndAuditRowsPastTheirRetentionButNoUnfinishedJob() {
        ApiClient.Session user = api.newUser("retention");
        UUID waiting = UUID.randomUUID();
        // Unfinished, due in a day, and far older than the retention: it must stay.
        jdbc.sql("insert into jobs (id, owner_id, type, status, payload, run_after, created_at, updated_at) "
                        + "values (:id, :owner, 'container_creation', 'pending', '{}', now() + interval '1 day', "
                        + "now() - interval '30 days', now() - interval '30 days')")
                .param("id", waiting)
                .param("owner", Long.parseLong(user.userId()))
                .update();
        JsonNode finished = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", List.of("true")));
        assertThat(finished.get("status").asString()).isEqualTo("completed");
        String jobId = finished.get("id").asString();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/jobs/" + jobId, user.token()).status() == 404);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/audit", user.token()).json().isEmpty());

        assertThat(api.get("/jobs/" + waiting, user.token()).status())
                .as("an unfinished job is never deleted")
                .isEqualTo(200);
        JsonNode containers = api.get("/containers", user.token()).json();
        assertThat(containers.size()).as("the container outlives its job").isEqualTo(1);
    }

    @Test
    void shouldReportTheBackgroundLoopsInReadiness() {
        // The details are on the management port; the API's port tells the status only.
        ApiClient.Response readiness = management.get("/actuator/health/readiness", null);

        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        JsonNode loops = readiness.json().at("/components/backgroundWork/details/loops");
        assertThat(readiness.json().at("/components/backgroundWork/status").asString())
                .isEqualTo("UP");
        assertThat(loops.propertyNames())
                .contains(
                        "job-worker-0",
                        "job-lease",
                        "cluster-notifications",
                        "jobs-retention",
                        "audit-retention",
                        "upload-reservations-retention",
                        "registration-attempts-retention");
    }
}
