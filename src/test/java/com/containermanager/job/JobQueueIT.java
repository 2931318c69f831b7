package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The queue with one user's backlog in it: fair scheduling, the unfinished-jobs limit at a size that makes a backlog,
 * and paging through the jobs. The workers are held while the backlog is submitted, so that what is measured is the
 * order in which they take the jobs, not how fast the test can submit.
 */
@DirtiesContext
class JobQueueIT extends IntegrationTest {

    private static final int BACKLOG = 100;
    private static final int WORKERS = 4;

    @Autowired
    private JobWorkers workers;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void roomForABacklog(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "job-queue");
        registry.add("limits.unfinished_jobs", () -> BACKLOG);
        registry.add("limits.containers", () -> 0);
        registry.add("limits.creations_per_minute", () -> 0);
        registry.add("jobs.workers", () -> WORKERS);
    }

    @AfterEach
    void workersBackOn() {
        if (!workers.isRunning()) {
            workers.start();
        }
    }

    @Test
    void shouldRunAnotherUsersJobAfterAFewOfABacklogNotAfterAllOfIt() {
        ApiClient.Session a = api.newUser("backlog");
        ApiClient.Session b = api.newUser("latecomer");
        // B's first creation also makes B's network; done here, so that the one measured is a job like A's.
        awaitJob(b, submit(b).json().get("job_id").asString());
        workers.stop();
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            backlog.add(submit(a).json().get("job_id").asString());
        }
        ApiClient.Response over = submit(a);
        assertThat(over.status()).as(over.body()).isEqualTo(403);
        assertThat(over.error()).isEqualTo("limit reached: unfinished_jobs (" + BACKLOG + ")");
        String latecomer = submit(b).json().get("job_id").asString();

        workers.start();
        JsonNode done = awaitJob(b, latecomer);

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
        long aheadOfB = jdbc.sql("select count(*) from jobs where owner_id = :a and status = 'completed' "
                        + "and updated_at <= (select updated_at from jobs where id = :b)")
                .param("a", Long.parseLong(a.userId()))
                .param("b", UUID.fromString(latecomer))
                .query(Long.class)
                .single();
        assertThat(aheadOfB)
                .as("A's jobs completed before B's: those the other workers had taken, not the backlog")
                .isLessThanOrEqualTo(2L * WORKERS);
        backlog.forEach(id -> awaitJob(a, id));
    }

    @Test
    void shouldPageThroughJobsNewestFirstWithCursorsAndBefore() {
        ApiClient.Session user = api.newUser("pager");
        workers.stop();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            submitted.add(submit(user).json().get("job_id").asString());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page =
                    api.get("/jobs?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), user.token());
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().forEach(job -> {
                seen.add(job.get("id").asString());
                assertThat(job.has("payload")).isFalse();
            });
            cursor = page.header("X-Next-Cursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(submitted.reversed());
        JsonNode third = api.get("/jobs/" + submitted.get(2), user.token()).json();
        String before = OffsetDateTime.parse(third.get("created_at").asString()).toString();
        ApiClient.Response older = api.get("/jobs?before=" + before, user.token());
        assertThat(new HashSet<>(ids(older)))
                .as("before keeps working")
                .isEqualTo(new HashSet<>(submitted.subList(0, 2)));
        ApiClient.Response invalid = api.get("/jobs?cursor=not!a!cursor", user.token());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.error()).isEqualTo("invalid cursor");
        String farFuture = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("jobs\n+1000000000-01-01T00:00:00Z\n" + java.util.UUID.randomUUID())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ApiClient.Response forged = api.get("/jobs?cursor=" + farFuture, user.token());
        assertThat(forged.status()).as(forged.body()).isEqualTo(400);
        assertThat(forged.error()).isEqualTo("invalid cursor");
        workers.start();
        submitted.forEach(id -> awaitJob(user, id));
    }

    private ApiClient.Response submit(ApiClient.Session user) {
        ApiClient.Response response = api.post(
                "/containers", ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("true"))), user.token());
        assertThat(response.status()).as(response.body()).isIn(200, 403);
        return response;
    }

    private static List<String> ids(ApiClient.Response page) {
        List<String> ids = new ArrayList<>();
        page.json().forEach(job -> ids.add(job.get("id").asString()));
        return ids;
    }
}
