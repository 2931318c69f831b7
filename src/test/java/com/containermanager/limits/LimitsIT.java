package com.containermanager.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Each per-user limit at its edge (at the limit it succeeds, one past it gets the documented status and message),
 * under concurrency where it is a count, and what GET /users/me says about it. Small limits keep it fast.
 */
@DirtiesContext
class LimitsIT extends IntegrationTest {

    private static final int CONTAINERS = 4;
    private static final int RUNNING = 2;
    private static final int CREATIONS_PER_MINUTE = 6;
    private static final int FILES = 3;
    private static final List<String> SLEEPS = List.of("sleep", "3600");

    @DynamicPropertySource
    static void smallLimits(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "limits");
        registry.add("limits.containers", () -> CONTAINERS);
        registry.add("limits.running_containers", () -> RUNNING);
        registry.add("limits.creations_per_minute", () -> CREATIONS_PER_MINUTE);
        registry.add("limits.files", () -> FILES);
        registry.add("storage.quota", () -> "10MB");
    }

    @Test
    void shouldRefuseAContainerPastTheLimitUntilOneIsDeleted() {
        ApiClient.Session user = api.newUser("containers");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            ids.add(createContainer(user, SLEEPS));
        }

        ApiClient.Response refused = submit(user, SLEEPS);

        assertRefused(refused, 403, "limit reached: containers (" + CONTAINERS + ")");
        assertThat(api.delete("/containers/" + ids.getFirst(), user.token()).status())
                .isEqualTo(200);
        assertThat(submit(user, SLEEPS).status()).as("a deletion makes room").isEqualTo(200);
    }

    @Test
    void shouldNotLetConcurrentCreationsJointlyPassTheContainerLimit() throws Exception {
        ApiClient.Session user = api.newUser("containers-concurrent");

        List<ApiClient.Response> answers = concurrently(12, i -> submit(user, SLEEPS));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 403);
        List<ApiClient.Response> accepted =
                answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(accepted)
                .as("exactly the limit, counting creations still in flight")
                .hasSize(CONTAINERS);
        accepted.forEach(a -> awaitJob(user, a.json().get("job_id").asString()));
        assertThat(containersInEngineOf(user))
                .as("what the engine holds for the user")
                .hasSize(CONTAINERS);
    }

    @Test
    void shouldRefuseCreationsPastTheRateWithRetryAfter() {
        ApiClient.Session user = api.newUser("rate");
        for (int round = 0; round < 2; round++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CREATIONS_PER_MINUTE / 2; i++) {
                ids.add(createContainer(user, SLEEPS));
            }
            if (round == 0) {
                ids.forEach(id -> assertThat(
                                api.delete("/containers/" + id, user.token()).status())
                        .isEqualTo(200));
            }
        }

        ApiClient.Response refused = submit(user, SLEEPS);

        assertRefused(refused, 429, "limit reached: creations_per_minute (" + CREATIONS_PER_MINUTE + ")");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void shouldRefuseAStartPastTheRunningLimitButNotARepeatedOne() {
        ApiClient.Session user = api.newUser("running");
        List<String> ids = IntStream.range(0, RUNNING + 1)
                .mapToObj(i -> createContainer(user, SLEEPS))
                .toList();
        for (int i = 0; i < RUNNING; i++) {
            assertThat(start(user, ids.get(i)).status()).isEqualTo(200);
        }

        assertRefused(start(user, ids.get(RUNNING)), 403, "limit reached: running_containers (" + RUNNING + ")");
        assertThat(start(user, ids.getFirst()).status())
                .as("starting a running container again adds nothing")
                .isEqualTo(200);
        assertThat(api.patch("/containers/" + ids.getFirst() + "/stop?timeout=0", user.token())
                        .status())
                .isEqualTo(200);
        assertThat(start(user, ids.get(RUNNING)).status())
                .as("a stop makes room")
                .isEqualTo(200);
    }

    @Test
    void shouldNotLetConcurrentStartsJointlyPassTheRunningLimit() throws Exception {
        ApiClient.Session user = api.newUser("running-concurrent");
        List<String> ids = IntStream.range(0, CONTAINERS)
                .mapToObj(i -> createContainer(user, SLEEPS))
                .toList();

        List<ApiClient.Response> answers = concurrently(ids.size(), i -> start(user, ids.get(i)));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 403);
        assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(RUNNING);
        long running = ids.stream()
                .filter(id -> Boolean.TRUE.equals(EngineFixture.docker()
                        .inspectContainerCmd(id)
                        .exec()
                        .getState()
                        .getRunning()))
                .count();
        assertThat(running).as("running in the engine").isEqualTo(RUNNING);
    }

    /**
     * Another installation on the same engine (its own database) numbers its users too: its containers of an owner
     * with the same id are none of this user's, and neither count against the running limit nor show in usage
     * (issue 19 #8).
     */
    @Test
    void shouldNotCountAnotherInstallationsContainersOfAnOwnerWithTheSameId() {
        ApiClient.Session user = api.newUser("neighbour");
        for (int i = 0; i < RUNNING; i++) {
            String alien = EngineFixture.docker()
                    .createContainerCmd(TEST_IMAGE)
                    .withCmd(SLEEPS)
                    .withLabels(Map.of(
                            ContainerLabels.MANAGED,
                            "true",
                            ContainerLabels.OWNER,
                            user.userId(),
                            ContainerLabels.INSTALLATION,
                            UUID.randomUUID().toString(),
                            TEST_LABEL,
                            RUN_ID))
                    .exec()
                    .getId();
            EngineFixture.docker().startContainerCmd(alien).exec();
        }
        List<String> ids = IntStream.range(0, RUNNING)
                .mapToObj(i -> createContainer(user, SLEEPS))
                .toList();

        assertThat(usageOf(user, "running_containers")).as("before any start").isZero();
        for (String id : ids) {
            assertThat(start(user, id).status())
                    .as("the other installation's do not count")
                    .isEqualTo(200);
        }
        assertThat(usageOf(user, "running_containers")).isEqualTo(RUNNING);
        assertThat(ids(api.get("/containers", user.token()))).containsExactlyInAnyOrderElementsOf(ids);
    }

    private long usageOf(ApiClient.Session user, String limit) {
        ApiClient.Response me = api.get("/users/me", user.token());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        return me.json().get("usage").get(limit).get("used").asLong();
    }

    @Test
    void shouldRefuseANewFilePastTheFileLimitButNotAReplacement() {
        ApiClient.Session user = api.newUser("files");
        for (int i = 0; i < FILES; i++) {
            assertThat(api.upload(user.token(), "f" + i, new byte[10]).status()).isEqualTo(200);
        }

        assertRefused(api.upload(user.token(), "one-more", new byte[10]), 403, "limit reached: files (" + FILES + ")");
        assertThat(api.upload(user.token(), "f0", new byte[20]).status())
                .as("a replacement adds no file")
                .isEqualTo(200);
        assertThat(api.delete("/files/f1", user.token()).status()).isEqualTo(200);
        assertThat(api.upload(user.token(), "one-more", new byte[10]).status())
                .as("a deletion makes room")
                .isEqualTo(200);
    }

    @Test
    void shouldShowTheCallersUsageOfEachLimit() {
        ApiClient.Session user = api.newUser("me");
        String id = createContainer(user, SLEEPS);
        assertThat(start(user, id).status()).isEqualTo(200);
        assertThat(api.upload(user.token(), "notes.txt", new byte[1234]).status())
                .isEqualTo(200);

        ApiClient.Response me = api.get("/users/me", user.token());

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        JsonNode body = me.json();
        assertThat(body.get("id").asString()).isEqualTo(user.userId());
        assertThat(body.get("username").asString()).isEqualTo(user.username());
        JsonNode usage = body.get("usage");
        assertUsage(usage, "containers", 1, CONTAINERS);
        assertUsage(usage, "running_containers", 1, RUNNING);
        assertUsage(usage, "unfinished_jobs", 0, 20);
        assertUsage(usage, "creations_per_minute", 1, CREATIONS_PER_MINUTE);
        assertUsage(usage, "files", 1, FILES);
        assertUsage(usage, "storage_bytes", 1234, 10L * 1024 * 1024);
        assertThat(api.get("/users/me", null).status()).isEqualTo(401);
    }

    @Test
    void shouldBoundCmdAndEnvTogether() {
        ApiClient.Session user = api.newUser("payload");
        int max = 64 * 1024;
        // Two env entries and a command that add up to exactly the maximum, in UTF-8 bytes ("é" is two).
        String first = "A=" + "é".repeat(10_000); // 20,002 bytes
        String second = "B=" + "x".repeat(max - 20_002 - 2 - 4); // the rest but the command
        List<String> cmd = List.of("true");
        assertThat(first.getBytes(StandardCharsets.UTF_8).length + second.getBytes(StandardCharsets.UTF_8).length + 4)
                .isEqualTo(max);

        ApiClient.Response atMax = api.post(
                "/containers",
                ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", cmd, "env", List.of(first, second))),
                user.token());
        ApiClient.Response over = api.post(
                "/containers",
                ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", cmd, "env", List.of(first, second + "x"))),
                user.token());

        assertThat(atMax.status()).as(atMax.body()).isEqualTo(200);
        assertRefused(over, 400, "cmd and env together exceed " + max + " bytes");
        JsonNode job = awaitJob(user, atMax.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
    }

    @Test
    void shouldPageContainersNewestFirstWithCursors() {
        ApiClient.Session user = api.newUser("paging");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            created.add(createContainer(user, SLEEPS));
        }
        Collections.reverse(created);

        List<String> seen = new ArrayList<>();
        String path = "/containers?limit=3";
        ApiClient.Response page = api.get(path, user.token());
        seen.addAll(ids(page));
        String cursor = page.header("X-Next-Cursor");
        assertThat(cursor).isNotNull();
        assertThat(page.header("Link")).isEqualTo("</containers?limit=3&cursor=" + cursor + ">; rel=\"next\"");
        ApiClient.Response last = api.get("/containers?limit=3&cursor=" + cursor, user.token());
        seen.addAll(ids(last));

        assertThat(seen).isEqualTo(created);
        assertThat(last.header("X-Next-Cursor")).isNull();
        assertThat(last.header("Link")).isNull();
        assertThat(ids(api.get("/containers", user.token())))
                .as("the default page holds them all")
                .isEqualTo(created);
        assertRefused(api.get("/containers?cursor=bm90LWEtY3Vyc29y", user.token()), 400, "invalid cursor");
        assertRefused(api.get("/containers?limit=501", user.token()), 400, "limit must be between 1 and 500");
    }

    @Test
    void shouldPageFilesByNameAndAuditNewestFirst() {
        ApiClient.Session user = api.newUser("paging-files");
        for (String name : List.of("c", "a", "b")) {
            assertThat(api.upload(user.token(), name, new byte[1]).status()).isEqualTo(200);
        }

        ApiClient.Response first = api.get("/files?limit=2", user.token());
        ApiClient.Response second = api.get("/files?limit=2&cursor=" + first.header("X-Next-Cursor"), user.token());

        assertThat(names(first)).containsExactly("a", "b");
        assertThat(names(second)).containsExactly("c");
        assertThat(second.header("X-Next-Cursor")).isNull();
        assertRefused(api.get("/files?cursor=not!base64", user.token()), 400, "invalid cursor");

        String id = createContainer(user, SLEEPS);
        for (int i = 0; i < 3; i++) {
            assertThat(start(user, id).status()).isEqualTo(200);
        }
        List<String> audit = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page =
                    api.get("/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), user.token());
            page.json().forEach(event -> audit.add(event.get("id").asString()));
            cursor = page.header("X-Next-Cursor");
        } while (cursor != null);
        // create accepted, job completed, three starts
        assertThat(audit).hasSize(5).doesNotHaveDuplicates();
        assertThat(audit.stream().map(Long::parseLong).toList()).isSortedAccordingTo(Collections.reverseOrder());
    }

    private ApiClient.Response submit(ApiClient.Session user, List<String> cmd) {
        return api.post("/containers", ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", cmd)), user.token());
    }

    private ApiClient.Response start(ApiClient.Session user, String id) {
        return api.patch("/containers/" + id + "/start", user.token());
    }

    private static List<String> ids(ApiClient.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().forEach(container -> ids.add(container.get("id").asString()));
        return ids;
    }

    private static List<String> names(ApiClient.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        page.json().forEach(file -> names.add(file.get("name").asString()));
        return names;
    }

    private static void assertUsage(JsonNode usage, String name, long used, long limit) {
        assertThat(usage.get(name).get("used").asLong()).as(name + " used").isEqualTo(used);
        assertThat(usage.get(name).get("limit").asLong()).as(name + " limit").isEqualTo(limit);
    }

    static void assertRefused(ApiClient.Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.error()).isEqualTo(message);
    }

    /** Runs n calls at once (they are released together) and returns their answers in order. */
    static List<ApiClient.Response> concurrently(int n, IndexedCall call) throws Exception {
        var ready = new java.util.concurrent.CountDownLatch(n);
        List<Callable<ApiClient.Response>> calls = IntStream.range(0, n)
                .<Callable<ApiClient.Response>>mapToObj(i -> () -> {
                    ready.countDown();
                    ready.await();
                    return call.call(i);
                })
                .toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<ApiClient.Response> answers = new ArrayList<>();
            for (Future<ApiClient.Response> future : pool.invokeAll(calls)) {
                answers.add(future.get());
            }
            return answers;
        }
    }

    @FunctionalInterface
    interface IndexedCall {
        ApiClient.Response call(int index);
    }
}
