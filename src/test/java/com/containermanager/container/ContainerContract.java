package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.ConsoleClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user's container does through the API, whichever adapter runs it: one suite, run against the Docker engine
 * ({@link ContainerContractIT}) and a real three-node swarm ({@link SwarmContainerContractIT}). Only the API is used
 * here, never an engine directly, so that the same assertions hold for both; what is particular to one adapter
 * (the engine's own view, counts of engine calls) stays in that adapter's own tests.
 */
abstract class ContainerContract extends IntegrationTest {

    /** Few, so that the limit is met in a test: both adapters' contexts take it. */
    static final int RUNNING_LIMIT = 2;

    @DynamicPropertySource
    static void contractLimits(DynamicPropertyRegistry registry) {
        registry.add("limits.running_containers", () -> RUNNING_LIMIT);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Prints a line, then waits for TERM (busybox sleep would take the whole grace period). */
    private static final List<String> SERVES =
            List.of("sh", "-c", "echo started-$MARK; echo warned >&2; trap 'exit 0' TERM; sleep 600 & wait");

    private String created(ApiClient.Session user, Map<String, Object> request) {
        JsonNode job = createAndAwait(user, request);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        return job.get("result").get("container_id").asString();
    }

    private String status(ApiClient.Session user, String id) {
        return api.get("/containers/" + id, user.token()).json().get("status").asString();
    }

    private ApiClient.Response exec(ApiClient.Session user, String id, String script) {
        return api.post(
                "/containers/" + id + "/exec",
                ApiClient.json(Map.of("cmd", List.of("sh", "-c", script))),
                user.token());
    }

    @Test
    void shouldRunTheLifecycleWithLogsExecAndStats() {
        ApiClient.Session user = api.newUser("contract");
        String id = created(user, Map.of("image", TEST_IMAGE, "cmd", SERVES, "env", List.of("MARK=one")));
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(status(user, id)).isEqualTo("created");

        for (String time : List.of("first", "again: idempotent")) {
            assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                    .as("start, %s", time)
                    .isEqualTo(200);
        }
        JsonNode running = api.get("/containers/" + id, user.token()).json();
        assertThat(running.get("status").asString()).isEqualTo("running");
        assertThat(running.get("id").asString()).as("the same id once it runs").isEqualTo(id);

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.get("/containers/" + id + "/logs", user.token())
                                .body(),
                        log -> log.contains("started-one") && log.contains("warned"));
        assertThat(api.get("/containers/" + id + "/logs?stderr=false", user.token())
                        .body())
                .contains("started-one")
                .doesNotContain("warned");

        ApiClient.Response ran = exec(user, id, "echo hi; echo oops >&2; exit 3");
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(ran.json().get("exit_code").asLong()).isEqualTo(3);
        assertThat(ran.json().get("stdout").asString()).isEqualTo("hi\n");
        assertThat(ran.json().get("stderr").asString()).isEqualTo("oops\n");

        JsonNode stats = api.get("/containers/" + id + "/stats", user.token()).json();
        assertThat(stats.get("state").asString()).isEqualTo("running");
        assertThat(stats.get("memory_bytes").asLong()).isPositive();

        assertThat(api.patch("/containers/" + id + "/stop?timeout=2", user.token())
                        .status())
                .isEqualTo(200);
        assertThat(status(user, id)).isEqualTo("exited");
        assertThat(api.patch("/containers/" + id + "/stop", user.token()).status())
                .as("idempotent")
                .isEqualTo(200);
        ApiClient.Response stoppedExec = exec(user, id, "true");
        assertThat(stoppedExec.status()).as(stoppedExec.body()).isEqualTo(409);

        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        assertThat(api.patch("/containers/" + id + "/restart?timeout=2", user.token())
                        .status())
                .isEqualTo(200);
        assertThat(status(user, id)).isEqualTo("running");
        assertThat(exec(user, id, "echo again").json().get("stdout").asString()).isEqualTo("again\n");

        assertThat(api.delete("/containers/" + id, user.token()).status()).isEqualTo(200);
        assertThat(api.get("/containers/" + id, user.token()).status()).isEqualTo(404);
        assertThat(api.get("/containers", user.token()).json().size()).isZero();
    }

    @Test
    void shouldKeepAVolumesDataAcrossAStopAndARestartWithinItsSize() {
        ApiClient.Session user = api.newUser("contract-volume");
        ApiClient.Response made =
                api.post("/volumes", ApiClient.json(Map.of("name", "data", "size", "16MiB")), user.token());
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long empty =
                api.get("/volumes/data", user.token()).json().get("used_bytes").asLong();
        String id = created(
                user,
                Map.of(
                        "image",
                        TEST_IMAGE,
                        "cmd",
                        SERVES,
                        "volumes",
                        List.of(Map.of("volume", "data", "path", "/data"))));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        ApiClient.Response wrote = exec(
                user, id, "echo kept > /data/note && dd if=/dev/zero of=/data/blob bs=1M count=4 2>/dev/null && sync");
        assertThat(wrote.json().get("exit_code").asLong()).as(wrote.body()).isZero();
        assertThat(api.get("/volumes/data", user.token())
                        .json()
                        .get("used_bytes")
                        .asLong())
                .isGreaterThanOrEqualTo(empty + 4 * 1024 * 1024);

        assertThat(api.patch("/containers/" + id + "/stop?timeout=2", user.token())
                        .status())
                .isEqualTo(200);
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        assertThat(exec(user, id, "cat /data/note").json().get("stdout").asString())
                .as("kept across a stop")
                .isEqualTo("kept\n");
        assertThat(api.patch("/containers/" + id + "/restart?timeout=2", user.token())
                        .status())
                .isEqualTo(200);
        assertThat(exec(user, id, "cat /data/note").json().get("stdout").asString())
                .as("kept across a restart")
                .isEqualTo("kept\n");
        ApiClient.Response full = exec(user, id, "dd if=/dev/zero of=/data/big bs=1M count=32 2>&1");
        assertThat(full.json().get("stdout").asString()).as(full.body()).contains("No space left on device");

        ApiClient.Response refused = api.delete("/volumes/data", user.token());
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(api.delete("/containers/" + id, user.token()).status()).isEqualTo(200);
        // Under swarm the node removes the task's container a moment after the service.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.delete("/volumes/data", user.token()).status(), status -> status == 204);
        assertThat(api.get("/volumes/data", user.token()).status()).isEqualTo(404);
    }

    @Test
    void shouldFindAContainerByItsNameAndRefuseTheNameTwice() {
        ApiClient.Session user = api.newUser("contract-names");
        String id = created(user, Map.of("image", TEST_IMAGE, "name", "web", "cmd", SERVES));
        assertThat(api.get("/containers/web", user.token()).json().get("id").asString())
                .isEqualTo(id);

        ApiClient.Response again =
                api.post("/containers", ApiClient.json(Map.of("image", TEST_IMAGE, "name", "web")), user.token());
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("name taken");

        ApiClient.Session other = api.newUser("contract-names-other");
        assertThat(created(other, Map.of("image", TEST_IMAGE, "name", "web", "cmd", SERVES)))
                .as("the same name is another user's own")
                .isNotEqualTo(id);
        assertThat(api.get("/containers/web", other.token()).json().get("id").asString())
                .isNotEqualTo(id);
    }

    @Test
    void shouldAnswerEveryConcurrentStartOfOneContainerWithOneRunningContainer() throws Exception {
        ApiClient.Session user = api.newUser("contract-coalesce");
        String id = created(user, Map.of("image", TEST_IMAGE, "cmd", SERVES));

        // A thread each, behind one latch (CompletableFuture's common pool has one thread on two cores).
        assertThat(Concurrently.run(
                        4,
                        i -> api.patch("/containers/" + id + "/start", user.token())
                                .status()))
                .containsOnly(200);
        assertThat(status(user, id)).isEqualTo("running");
        ApiClient.Response ran = exec(user, id, "ps -o args | grep -cx 'sleep 600'");
        assertThat(ran.json().get("stdout").asString().trim())
                .as("one process, one start")
                .isEqualTo("1");
    }

    @Test
    void shouldCopyACreationsFilesUnderFiles() {
        ApiClient.Session user = api.newUser("contract-files");
        byte[] notes = "notes for the container\n".getBytes(StandardCharsets.UTF_8);
        assertThat(api.upload(user.token(), "notes.txt", notes).status()).isEqualTo(200);
        // It waits for the file: under swarm it arrives just after the command began (docs/several-hosts.md).
        String id = created(
                user,
                Map.of(
                        "image",
                        TEST_IMAGE,
                        "cmd",
                        List.of(
                                "sh",
                                "-c",
                                "until [ -f /files/notes.txt ]; do sleep 0.1; done; trap 'exit 0' TERM; sleep 600 &"
                                        + " wait"),
                        "files",
                        List.of("notes.txt")));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        assertThat(exec(user, id, "cat /files/notes.txt").json().get("stdout").asString())
                .isEqualTo(new String(notes, StandardCharsets.UTF_8));
    }

    @Test
    void shouldTellAStartAndAStopOnTheEventsFeed() throws Exception {
        ApiClient.Session user = api.newUser("contract-events");
        String id = created(user, Map.of("image", TEST_IMAGE, "cmd", SERVES));
        try (SseClient events =
                new SseClient(api.request("/events", user.token()).GET())) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                    .isEqualTo(200);
            assertThat(awaitStatus(events, id, "running").get("action").asString())
                    .isEqualTo("started");
            assertThat(api.patch("/containers/" + id + "/stop?timeout=2", user.token())
                            .status())
                    .isEqualTo(200);
            assertThat(awaitStatus(events, id, "exited").get("container_id").asString())
                    .isEqualTo(id);
        }
    }

    @Test
    void shouldRoundTripAConsoleResizedAndReportItsExit() throws Exception {
        ApiClient.Session user = api.newUser("contract-console");
        String id = created(user, Map.of("image", TEST_IMAGE, "cmd", SERVES));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        ApiClient.Response ticket = api.post("/containers/" + id + "/console", "{}", user.token());
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(200);
        Duration wait = Duration.ofSeconds(30);
        try (ConsoleClient console =
                ConsoleClient.withTicket(port, id, ticket.json().get("ticket").asString())) {
            console.input("echo hi\n");
            assertThat(console.awaitOutput("hi\r\n", wait)).contains("echo hi");
            console.resize(123, 45);
            console.input("stty size\n");
            console.awaitOutput("45 123", wait);
            console.input("exit 3\n");
            JsonNode exit = console.awaitExit(wait);
            assertThat(exit).as("an exit message").isNotNull();
            assertThat(exit.get("code").asInt()).isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseAStartPastTheRunningContainersLimit() {
        ApiClient.Session user = api.newUser("contract-limits");
        List<String> ids = IntStream.rangeClosed(0, RUNNING_LIMIT)
                .mapToObj(i -> created(user, Map.of("image", TEST_IMAGE, "cmd", SERVES)))
                .toList();
        for (int i = 0; i < RUNNING_LIMIT; i++) {
            assertThat(api.patch("/containers/" + ids.get(i) + "/start", user.token())
                            .status())
                    .isEqualTo(200);
        }
        ApiClient.Response refused = api.patch("/containers/" + ids.get(RUNNING_LIMIT) + "/start", user.token());
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("limit reached: running_containers (" + RUNNING_LIMIT + ")");
        assertThat(status(user, ids.get(RUNNING_LIMIT))).isEqualTo("created");

        assertThat(api.patch("/containers/" + ids.getFirst() + "/stop?timeout=2", user.token())
                        .status())
                .isEqualTo(200);
        assertThat(api.patch("/containers/" + ids.get(RUNNING_LIMIT) + "/start", user.token())
                        .status())
                .as("one stopped: room again")
                .isEqualTo(200);
    }

    /** The feed's next event of this container with this status, skipping others. */
    private static JsonNode awaitStatus(SseClient events, String id, String status) throws InterruptedException {
        while (true) {
            SseClient.Event event = events.next("container", Duration.ofSeconds(30));
            assertThat(event).as("an event about the container").isNotNull().isNotSameAs(SseClient.END_OF_STREAM);
            JsonNode data = JSON.readTree(event.data());
            if (data.get("container_id").asString().equals(id)
                    && data.path("status").asString().equals(status)) {
                return data;
            }
        }
    }
}
