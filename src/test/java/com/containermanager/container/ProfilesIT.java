package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.EngineEvents;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.TestProfiles;
import com.github.dockerjava.api.model.HostConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The operator's profiles: which images each allows, the size it gives the engine's container, and the budgets of
 * CPUs and memory summed over a user's running containers, held under concurrent starts.
 */
@TestProfiles
class ProfilesIT extends IntegrationTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void shouldListTheProfilesTheCallerMayUse() {
        ApiClient.Session user = api.newUser("profiles-list");

        JsonNode profiles = api.get("/profiles", user.token()).json();

        List<String> names = new ArrayList<>();
        profiles.forEach(profile -> names.add(profile.get("name").asString()));
        assertThat(names).as("gpu is for the research group only").containsExactly("fat", "small", "tiny");
        JsonNode small = profiles.get(1);
        assertThat(small.get("default").asBoolean()).isTrue();
        assertThat(small.get("memory_bytes").asLong()).isEqualTo(256 * MIB);
        JsonNode tiny = profiles.get(2);
        assertThat(tiny.get("default").asBoolean()).isFalse();
        assertThat(tiny.get("cpus").asDouble()).isEqualTo(0.5);
        assertThat(tiny.get("memory_bytes").asLong()).isEqualTo(64 * MIB);
        assertThat(tiny.get("pids").asLong()).isEqualTo(128);
        assertThat(tiny.get("read_only").asBoolean()).isTrue();
        assertThat(tiny.get("images").toString()).isEqualTo("[\"cm-test/*\"]");
    }

    @Test
    void shouldRefuseAnImageOutsideTheProfile() {
        ApiClient.Session user = api.newUser("profiles-image");

        ApiClient.Response refused = create(user, "alpine:3.20", "tiny");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("image not allowed in profile tiny");
        assertThat(refused.json().get("code").asString()).isEqualTo("image_not_allowed");

        ApiClient.Response notTheirs = create(user, TEST_IMAGE, "gpu");
        assertThat(notTheirs.status()).isEqualTo(400);
        assertThat(notTheirs.error()).isEqualTo("profile not found: gpu");
        assertThat(create(user, TEST_IMAGE, "huge").error()).isEqualTo("profile not found: huge");
        assertThat(api.get("/jobs", user.token()).json().size())
                .as("nothing submitted")
                .isZero();
    }

    @Test
    void shouldGiveTheEngineContainerTheProfilesSize() {
        ApiClient.Session user = api.newUser("profiles-size");

        String tiny = created(user, "tiny");
        String plain = created(user, null);

        HostConfig host =
                EngineFixture.docker().inspectContainerCmd(tiny).exec().getHostConfig();
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getMemory()).isEqualTo(64 * MIB);
        assertThat(host.getPidsLimit()).isEqualTo(128L);
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(api.get("/containers/" + tiny, user.token())
                        .json()
                        .get("profile")
                        .asString())
                .isEqualTo("tiny");
        HostConfig small =
                EngineFixture.docker().inspectContainerCmd(plain).exec().getHostConfig();
        assertThat(small.getMemory()).isEqualTo(256 * MIB);
        assertThat(small.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(api.get("/containers/" + plain, user.token())
                        .json()
                        .get("profile")
                        .asString())
                .isEqualTo("small");
    }

    /** 8 containers of 0.5 CPUs against a budget of 2: of 20 concurrent starts, 4 containers run, never more. */
    @Test
    void shouldHoldTheCpuBudgetUnderConcurrentStarts() throws Exception {
        ApiClient.Session user = api.newUser("profiles-cpus");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(created(user, "tiny"));
        }

        List<ApiClient.Response> answers = startConcurrently(user, ids);

        assertThat(answers).extracting(ApiClient.Response::status).isSubsetOf(200, 403, 409);
        assertThat(answers.stream().filter(answer -> answer.status() == 403))
                .isNotEmpty()
                .allSatisfy(answer -> assertThat(answer.error()).isEqualTo("limit reached: running_cpus (2)"));
        assertThat(runningOf(ids)).isEqualTo(4);
        JsonNode usage = api.get("/users/me", user.token()).json().get("usage");
        assertThat(usage.get("running_cpus").get("used").asDouble()).isEqualTo(2.0);
        assertThat(usage.get("running_cpus").get("limit").asDouble()).isEqualTo(2.0);

        // Restart starts a stopped container: the same budget.
        String stopped = ids.stream()
                .filter(id -> !runtime.inspect(id).orElseThrow().state().running())
                .findFirst()
                .orElseThrow();
        ApiClient.Response restart = api.patch("/containers/" + stopped + "/restart?timeout=0", user.token());
        assertThat(restart.status()).isEqualTo(403);
        assertThat(restart.error()).isEqualTo("limit reached: running_cpus (2)");
        assertThat(runningOf(ids)).isEqualTo(4);
    }

    /** 6 containers of 100 MB against a budget of 350 MB: 3 run. */
    @Test
    void shouldHoldTheMemoryBudgetUnderConcurrentStarts() throws Exception {
        ApiClient.Session user = api.newUser("profiles-memory");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(created(user, "fat"));
        }

        List<ApiClient.Response> answers = startConcurrently(user, ids);

        assertThat(answers).extracting(ApiClient.Response::status).isSubsetOf(200, 403, 409);
        assertThat(answers.stream().filter(answer -> answer.status() == 403))
                .isNotEmpty()
                .allSatisfy(answer -> assertThat(answer.error())
                        .isEqualTo("limit reached: running_memory_bytes (" + 350 * MIB + ")"));
        assertThat(runningOf(ids)).isEqualTo(3);
        JsonNode usage = api.get("/users/me", user.token()).json().get("usage");
        assertThat(usage.get("running_memory_bytes").get("used").asLong()).isEqualTo(300 * MIB);
        assertThat(usage.get("running_memory_bytes").get("limit").asLong()).isEqualTo(350 * MIB);
    }

    /**
     * 20 starts at once spread over the containers, the engine's own start events counted per container: the
     * containers that ever started are those running at the end.
     */
    private List<ApiClient.Response> startConcurrently(ApiClient.Session user, List<String> ids) throws Exception {
        List<EngineEvents> events = ids.stream().map(EngineEvents::of).toList();
        try {
            List<ApiClient.Response> answers = Concurrently.run(
                    20, i -> api.patch("/containers/" + ids.get(i % ids.size()) + "/start", user.token()));
            long running = runningOf(ids);
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            events.stream().filter(e -> e.count("start") > 0).count() == running);
            assertThat(events.stream().mapToInt(e -> e.count("start")).sum())
                    .as("each container that started, once")
                    .isEqualTo((int) running);
            return answers;
        } finally {
            for (EngineEvents e : events) {
                try {
                    e.close();
                } catch (IOException ignored) {
                    // the stream is gone with the test
                }
            }
        }
    }

    private long runningOf(List<String> ids) {
        return ids.stream()
                .filter(id -> runtime.inspect(id).orElseThrow().state().running())
                .count();
    }

    private String created(ApiClient.Session user, String profile) {
        ApiClient.Response submitted = create(user, TEST_IMAGE, profile);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        JsonNode job = awaitJob(user, submitted.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        return job.get("result").get("container_id").asString();
    }

    private ApiClient.Response create(ApiClient.Session user, String image, String profile) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("image", image, "cmd", List.of("sleep", "3600")));
        if (profile != null) {
            body.put("profile", profile);
        }
        return api.post("/containers", ApiClient.json(body), user.token());
    }
}
