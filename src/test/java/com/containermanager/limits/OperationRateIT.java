package com.containermanager.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.EngineEvents;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * limits.operations_per_minute against the real engine: starts, stops, restarts, execs count, deletes do not; past
 * the rate 429 with Retry-After and no engine call; concurrent requests cannot pass it together; other users are not
 * touched; /users/me shows it.
 */
class OperationRateIT extends IntegrationTest {

    private static final int PER_MINUTE = 5;
    private static final List<String> SLEEPER = List.of("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait");

    @DynamicPropertySource
    static void rate(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "operation-rate");
        registry.add("limits.operations_per_minute", () -> PER_MINUTE);
    }

    /** The rate counts clock minutes: a test begins early in one, so that its operations fall in the same one. */
    @BeforeEach
    void earlyInAMinute() {
        await().atMost(Duration.ofSeconds(50))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> LocalTime.now(ZoneOffset.UTC).getSecond() < 30);
    }

    @Test
    void shouldRefuseOperationsPastTheRateWithoutAskingTheEngine() throws Exception {
        ApiClient.Session user = api.newUser("rate");
        ApiClient.Session other = api.newUser("rate-other");
        String id = createContainer(user, SLEEPER);
        String spare = createContainer(user, SLEEPER);
        String theirs = createContainer(other, SLEEPER);
        try (EngineEvents engine = EngineEvents.of(id)) {
            assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                    .isEqualTo(200);
            assertThat(api.patch("/containers/" + id + "/stop?timeout=0", user.token())
                            .status())
                    .isEqualTo(200);
            assertThat(api.patch("/containers/" + id + "/restart?timeout=0", user.token())
                            .status())
                    .isEqualTo(200);
            for (int i = 0; i < 2; i++) {
                assertThat(exec(user, id).status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> execStarts(engine) == 2);

            ApiClient.Response refused = exec(user, id);
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.json().get("error").asString())
                    .isEqualTo("limit reached: operations_per_minute (" + PER_MINUTE + ")");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
            ApiClient.Response stop = api.patch("/containers/" + id + "/stop?timeout=0", user.token());
            assertThat(stop.status()).as(stop.body()).isEqualTo(429);
            assertThat(api.patch("/containers/" + spare + "/start", user.token())
                            .status())
                    .isEqualTo(429);

            assertThat(execStarts(engine))
                    .as("the refused exec never reached the engine")
                    .isEqualTo(2);
            assertThat(engine.count("start"))
                    .as("the start and the restart reached the engine, the refused start did not")
                    .isEqualTo(2);
            assertThat(api.get("/containers/" + id, user.token())
                            .json()
                            .get("status")
                            .asString())
                    .isEqualTo("running");
        }
        var usage = api.get("/users/me", user.token()).json().get("usage").get("operations_per_minute");
        assertThat(usage.get("used").asLong()).isEqualTo(PER_MINUTE);
        assertThat(usage.get("limit").asLong()).isEqualTo(PER_MINUTE);
        assertThat(api.patch("/containers/" + theirs + "/start", other.token()).status())
                .as("another user's rate is their own")
                .isEqualTo(200);
        assertThat(api.delete("/containers/" + spare, user.token()).status())
                .as("deletes do not count")
                .isIn(200, 204);
    }

    @Test
    void shouldLetExactlyTheRatePassOfConcurrentRestarts() throws Exception {
        ApiClient.Session user = api.newUser("rate-burst");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_MINUTE + 3; i++) {
            ids.add(createContainer(user, SLEEPER));
        }
        await().atMost(Duration.ofSeconds(50))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> LocalTime.now(ZoneOffset.UTC).getSecond() < 30);
        List<EngineEvents> engines = ids.stream().map(EngineEvents::of).toList();
        try {
            List<Integer> statuses = Concurrently.run(
                    ids.size(),
                    i -> api.patch("/containers/" + ids.get(i) + "/restart?timeout=0", user.token())
                            .status());

            assertThat(statuses.stream().filter(status -> status == 200)).hasSize(PER_MINUTE);
            assertThat(statuses.stream().filter(status -> status == 429)).hasSize(3);
            // Each accepted restart started its container once, counted from the engine's own events.
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            engines.stream().mapToInt(e -> e.count("start")).sum() == PER_MINUTE);
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() ->
                            engines.stream().mapToInt(e -> e.count("start")).sum() == PER_MINUTE);
        } finally {
            for (EngineEvents engine : engines) {
                engine.close();
            }
        }
    }

    /** The engine names an exec's start by its command line ("exec_start: true", with the service's wrapping). */
    private static int execStarts(EngineEvents engine) {
        return engine.actions().stream()
                .filter(action -> action.startsWith("exec_start"))
                .mapToInt(engine::count)
                .sum();
    }

    private ApiClient.Response exec(ApiClient.Session user, String id) {
        return api.post("/containers/" + id + "/exec", ApiClient.json(Map.of("cmd", List.of("true"))), user.token());
    }
}
