package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import com.containermanager.support.SwitchableEngineProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The engine goes away and comes back: the service stays up, says 503, and finishes its jobs afterwards. */
class EngineOutageIT extends IntegrationTest {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final SwitchableEngineProxy ENGINE = new SwitchableEngineProxy(SwitchableEngineProxy.freePort());

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) throws Exception {
        ENGINE.start();
        registerRunProperties(registry, "engine-outage");
        registry.add("cm.docker.host", ENGINE::dockerHost);
    }

    @AfterAll
    static void stopProxy() throws Exception {
        ENGINE.close();
    }

    @Test
    void shouldAnswer503WhileTheEngineIsDownAndRetryTheJobUntilItIsBack() throws Exception {
        ApiClient.Session user = api.newUser("outage");
        String id = createContainer(user, List.of("sleep", "3600"));

        ENGINE.stop();
        try {
            for (ApiClient.Response response : List.of(
                    api.patch("/containers/" + id + "/start", user.token()),
                    api.patch("/containers/" + id + "/stop", user.token()),
                    api.delete("/containers/" + id, user.token()),
                    api.get("/containers/" + id, user.token()),
                    api.get("/containers", user.token()))) {
                assertThat(response.status()).as(response.body()).isEqualTo(503);
                assertThat(response.error()).isEqualTo("container engine unavailable");
            }
            // Each check is cached for a second: the outage shows within that.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> management
                            .get("/actuator/health", null)
                            .json()
                            .get("components")
                            .get("dockerEngine")
                            .get("status")
                            .asString()
                            .equals("DOWN"));
            assertThat(api.get("/actuator/health/readiness", null).status())
                    .as("not ready without the engine")
                    .isEqualTo(503);
            assertThat(api.get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(api.get("/actuator/health/liveness", null).status())
                    .as("but alive")
                    .isEqualTo(200);

            ApiClient.Response submitted = api.post(
                    "/containers", ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("true"))), user.token());
            assertThat(submitted.status())
                    .as("jobs are accepted while the engine is down")
                    .isEqualTo(200);
            String jobId = submitted.json().get("job_id").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode job = api.get("/jobs/" + jobId, user.token()).json();
                return job.get("status").asString().equals("pending") && job.has("error");
            });
            assertThat(api.get("/jobs/" + jobId, user.token())
                            .json()
                            .get("error")
                            .asString())
                    .isEqualTo("container engine unavailable");

            ENGINE.start();
            JsonNode job = awaitJob(user, jobId);
            assertThat(job.get("status").asString()).isEqualTo("completed");
            assertThat(job.has("error")).isFalse();
            assertThat(api.get("/containers", user.token()).json().size()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> api.get("/actuator/health", null).body().equals("{\"status\":\"UP\"}"));
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        } finally {
            ENGINE.start();
        }
    }

    /**
     * A volume whose host does not answer is listed as unavailable, its size known and its usage not: the caller's
     * listing does not fail with it.
     */
    @Test
    void shouldListVolumesAsUnavailableWhileTheEngineIsDown() throws Exception {
        ApiClient.Session user = api.newUser("outage-volumes");
        ApiClient.Response made =
                api.post("/volumes", ApiClient.json(Map.of("name", "kept", "size", "16MiB")), user.token());
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("state").asString()).isEqualTo("available");

        ENGINE.stop();
        try {
            for (ApiClient.Response response :
                    List.of(api.get("/volumes", user.token()), api.get("/volumes/kept", user.token()))) {
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                JsonNode volume = response.json().isArray() ? response.json().get(0) : response.json();
                assertThat(volume.get("name").asString()).isEqualTo("kept");
                assertThat(volume.get("state").asString()).isEqualTo("unavailable");
                assertThat(volume.has("used_bytes")).as("not known: %s", volume).isFalse();
                assertThat(volume.get("size_bytes").asLong()).isEqualTo(16L * 1024 * 1024);
            }
        } finally {
            ENGINE.start();
        }
        JsonNode back = api.get("/volumes/kept", user.token()).json();
        assertThat(back.get("state").asString()).isEqualTo("available");
        assertThat(back.get("used_bytes").asLong()).isNotNegative();
        assertThat(api.delete("/volumes/kept", user.token()).status()).isEqualTo(204);
    }

    /** The engine's event stream is lossy: what happened while it was cut comes from re-listing on reconnect. */
    @Test
    void shouldTellTheEventStreamWhatHappenedWhileTheEnginesStreamWasCut() throws Exception {
        ApiClient.Session user = api.newUser("outage-events");
        try (SseClient events =
                new SseClient(api.request("/events", user.token()).GET())) {
            String id = createContainer(user, List.of("sleep", "3600"));
            assertThat(awaitContainerEvent(events, id).get("action").asString()).isEqualTo("created");

            ENGINE.stop();
            try {
                EngineFixture.docker().startContainerCmd(id).exec(); // behind the service's back
            } finally {
                ENGINE.start();
            }

            JsonNode started = awaitContainerEvent(events, id);
            assertThat(started.get("action").asString()).isEqualTo("started");
            assertThat(started.get("status").asString()).isEqualTo("running");
        }
    }

    private static JsonNode awaitContainerEvent(SseClient events, String id) throws InterruptedException {
        while (true) {
            SseClient.Event event = events.next("container", Duration.ofSeconds(60));
            assertThat(event).as("an event about the container").isNotNull().isNotSameAs(SseClient.END_OF_STREAM);
            JsonNode data = JSON.readTree(event.data());
            if (data.get("container_id").asString().equals(id)) {
                return data;
            }
        }
    }
}
