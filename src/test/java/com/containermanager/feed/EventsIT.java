package com.containermanager.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The live event stream against the real engine and jobs: every transition, isolation, resume and reset. */
class EventsIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void smallContainers(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "events");
        registry.add("cm.docker.memory", () -> "64MB"); // room enough for busybox, little enough to run out of
    }

    /** Everything one client received, in order. */
    private final class Recorder implements AutoCloseable {
        final SseClient client;
        final List<SseClient.Event> received = new CopyOnWriteArrayList<>();
        final Thread reader;

        Recorder(ApiClient.Session user, String lastEventId) throws Exception {
            var request = api.request("/events", user.token()).GET();
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            client = new SseClient(request);
            assertThat(client.status()).isEqualTo(200);
            reader = Thread.ofVirtual().start(() -> {
                try {
                    for (SseClient.Event event = client.next(Duration.ofMinutes(5));
                            event != null && event != SseClient.END_OF_STREAM;
                            event = client.next(Duration.ofMinutes(5))) {
                        received.add(event);
                    }
                } catch (InterruptedException e) {
                    // closed
                }
            });
        }

        SseClient.Event await(String name, Predicate<JsonNode> matching) {
            return org.awaitility.Awaitility.await()
                    .atMost(WAIT)
                    .until(
                            () -> received.stream()
                                    .filter(event ->
                                            event.name().equals(name) && matching.test(JSON.readTree(event.data())))
                                    .findFirst()
                                    .orElse(null),
                            found -> found != null);
        }

        SseClient.Event container(String id, String action) {
            return await(
                    "container",
                    data -> data.get("container_id").asString().equals(id)
                            && data.get("action").asString().equals(action));
        }

        @Override
        public void close() {
            client.close();
            reader.interrupt();
        }
    }

    private static JsonNode data(SseClient.Event event) {
        return JSON.readTree(event.data());
    }

    @Test
    void shouldReportEveryTransitionOfTheCallersContainersAndJobsOnly() throws Exception {
        ApiClient.Session user = api.newUser("events");
        ApiClient.Session other = api.newUser("events-other");
        try (Recorder mine = new Recorder(user, null);
                Recorder theirs = new Recorder(other, null)) {
            ApiClient.Response submitted = api.post(
                    "/containers",
                    ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("sleep", "3600"))),
                    user.token());
            String jobId = submitted.json().get("job_id").asString();

            SseClient.Event completed = mine.await(
                    "job",
                    data -> data.get("job_id").asString().equals(jobId)
                            && data.get("status").asString().equals("completed"));
            String id = data(completed).get("result").get("container_id").asString();
            assertThat(data(completed).get("type").asString()).isEqualTo("container_creation");
            mine.await(
                    "job",
                    data -> data.get("job_id").asString().equals(jobId)
                            && data.get("status").asString().equals("running"));
            assertThat(data(mine.container(id, "created")).get("status").asString())
                    .isEqualTo("created");

            api.patch("/containers/" + id + "/start", user.token());
            assertThat(data(mine.container(id, "started")).get("status").asString())
                    .isEqualTo("running");

            api.patch("/containers/" + id + "/stop?timeout=0", user.token());
            JsonNode died = data(mine.container(id, "died"));
            assertThat(died.get("exit_code").asLong()).isEqualTo(137);
            assertThat(died.get("status").asString()).isEqualTo("exited");
            assertThat(data(mine.container(id, "stopped")).get("status").asString())
                    .isEqualTo("exited");

            api.patch("/containers/" + id + "/restart?timeout=0", user.token());
            assertThat(data(mine.container(id, "restarted")).get("status").asString())
                    .isEqualTo("running");

            api.delete("/containers/" + id, user.token());
            assertThat(data(mine.container(id, "removed")).get("status").asString())
                    .isEqualTo("removed");

            assertThat(mine.received).allSatisfy(event -> assertThat(event.id()).isNotBlank());
            assertThat(theirs.received).as("another user's stream").isEmpty();
        }
    }

    /** Another installation on the same engine numbers its users too: its containers are never ours to report. */
    @Test
    void shouldNotReportAContainerOfAnotherInstallationWhateverItsOwnerLabel() throws Exception {
        ApiClient.Session user = api.newUser("events-installation");
        String foreign = EngineFixture.docker()
                .createContainerCmd(TEST_IMAGE)
                .withCmd("sleep", "3600")
                .withLabels(Map.of(
                        ContainerLabels.MANAGED,
                        "true",
                        ContainerLabels.OWNER,
                        user.userId(),
                        ContainerLabels.INSTALLATION,
                        "another-installation",
                        TEST_LABEL,
                        RUN_ID))
                .exec()
                .getId();
        String own = createContainer(user, List.of("sleep", "3600"));
        try (Recorder mine = new Recorder(user, null)) {
            EngineFixture.docker().startContainerCmd(foreign).exec();
            api.patch("/containers/" + own + "/start", user.token());

            mine.container(own, "started");
            assertThat(mine.received)
                    .as("events of the other installation's container")
                    .noneMatch(event -> event.data().contains(foreign));
        }
    }

    @Test
    void shouldReportAContainerKilledForLackOfMemory() throws Exception {
        ApiClient.Session user = api.newUser("events-oom");
        String id = createContainer(user, List.of("sh", "-c", "x=aaaaaaaa; while true; do x=$x$x; done"));
        try (Recorder mine = new Recorder(user, null)) {
            api.patch("/containers/" + id + "/start", user.token());

            mine.container(id, "oom");
            assertThat(data(mine.container(id, "died")).get("exit_code").asLong())
                    .isEqualTo(137);
        }
    }

    @Test
    void shouldReportAFailedJobWithItsError() throws Exception {
        ApiClient.Session user = api.newUser("events-failed");
        try (Recorder mine = new Recorder(user, null)) {
            String jobId = api.post(
                            "/containers", ApiClient.json(Map.of("image", "cm-test/no-such-image:1")), user.token())
                    .json()
                    .get("job_id")
                    .asString();

            JsonNode failed = data(mine.await(
                    "job",
                    data -> data.get("job_id").asString().equals(jobId)
                            && data.get("status").asString().equals("failed")));
            // The service's own words: no registry may be probed through the message.
            assertThat(failed.get("error").asString()).isEqualTo("registry unreachable");
        }
    }

    @Test
    void shouldResumeAfterTheLastEventIdAndResetOutsideTheWindow() throws Exception {
        ApiClient.Session user = api.newUser("events-resume");
        String id = createContainer(user, List.of("sleep", "3600"));
        String lastSeen;
        try (Recorder first = new Recorder(user, null)) {
            api.patch("/containers/" + id + "/start", user.token());
            lastSeen = first.container(id, "started").id();
        }

        api.patch("/containers/" + id + "/stop?timeout=0", user.token());
        // the stop's own events have happened before the client is back
        await().atMost(WAIT)
                .until(() -> !runtime.inspect(id).orElseThrow().state().running());

        try (Recorder resumed = new Recorder(user, lastSeen)) {
            resumed.container(id, "stopped");
            assertThat(resumed.received.getFirst().name()).isEqualTo("container");
            assertThat(data(resumed.received.getFirst()).get("action").asString())
                    .as("the first event after the last one seen")
                    .isEqualTo("died");
            assertThat(resumed.received).noneMatch(event -> event.id().equals(lastSeen));
        }

        try (Recorder unknown = new Recorder(user, "someone-elses.5")) {
            SseClient.Event reset = unknown.await("reset", data -> true);
            assertThat(unknown.received.getFirst()).isEqualTo(reset);
            assertThat(reset.id()).isNotBlank();
        }
    }
}
