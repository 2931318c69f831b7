package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.EngineEvents;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The lifecycle policy with durations of seconds: idle stop, what postpones it, the lifetime, removal after a stop,
 * the warning before a stop, keepalive, and a user's start racing the policy's stop.
 */
class LifecyclePolicyIT extends IntegrationTest {

    static final Duration IDLE = Duration.ofSeconds(4);
    static final Duration LIFETIME = Duration.ofSeconds(10);
    static final Duration DELETE_AFTER = Duration.ofSeconds(6);
    static final Duration WARN = Duration.ofSeconds(2);
    /** Ends at once on SIGTERM, so that a stop does not wait for the grace period. */
    private static final List<String> SLEEPER = List.of("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait");

    @DynamicPropertySource
    static void quickPolicy(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "lifecycle");
        quickPolicy().forEach((key, value) -> registry.add(key, () -> value));
        // Test-only profiles: the default keeps the global policy above, "quick" idles out sooner, "lazy" later.
        registry.add("containers.default_profile", () -> "small");
        registry.add("containers.profiles.small.gpus", () -> "0");
        registry.add("containers.profiles.quick.idle_stop_after", () -> QUICK_IDLE.toMillis() + "ms");
        registry.add("containers.profiles.quick.warn_before", () -> "0s");
        registry.add("containers.profiles.lazy.idle_stop_after", () -> "10m");
        // "busy": its containers' own CPU use counts as activity; no lifetime, so only the idle stop applies.
        registry.add("containers.profiles.busy.idle_stop_after", () -> BUSY_IDLE.toMillis() + "ms");
        registry.add("containers.profiles.busy.max_lifetime", () -> "0s");
        registry.add("containers.profiles.busy.warn_before", () -> "0s");
        registry.add("containers.profiles.busy.busy_cpu_percent", () -> "10");
    }

    static final Duration BUSY_IDLE = Duration.ofMillis(1500);
    /** Spins on one CPU until stopped. */
    private static final List<String> SPINNER = List.of("sh", "-c", "trap 'exit 0' TERM; while :; do :; done");

    static final Duration QUICK_IDLE = Duration.ofMillis(1500);

    static Map<String, String> quickPolicy() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("lifecycle.idle_stop_after", IDLE.toMillis() + "ms");
        settings.put("lifecycle.max_lifetime", LIFETIME.toMillis() + "ms");
        settings.put("lifecycle.delete_after_stopped", DELETE_AFTER.toMillis() + "ms");
        settings.put("lifecycle.warn_before", WARN.toMillis() + "ms");
        settings.put("lifecycle.round_interval", "200ms");
        settings.put("lifecycle.activity_write_interval", "200ms");
        settings.put("lifecycle.claim_for", "5s");
        return settings;
    }

    @Test
    void shouldStopByTheContainersProfilesPolicy() throws Exception {
        ApiClient.Session user = api.newUser("profiled");
        Map<String, JsonNode> byName = profilesByName(user);
        assertThat(byName.get("quick").get("idle_stop_after").asString()).isEqualTo("PT1.5S");
        assertThat(byName.get("quick").get("warn_before").asString()).isEqualTo("PT0S");
        assertThat(byName.get("quick").get("max_lifetime").asString())
                .as("unset: the global value")
                .isEqualTo("PT10S");
        assertThat(byName.get("small").get("idle_stop_after").asString()).isEqualTo("PT4S");
        String quick = createdIn(user, "quick");
        String lazy = createdIn(user, "lazy");
        try (EngineEvents quickEvents = EngineEvents.of(quick);
                EngineEvents lazyEvents = EngineEvents.of(lazy)) {
            startAll(user, quick, lazy);
            JsonNode lazyRunning = container(user, lazy);
            assertThat(lazyRunning.get("stop_reason").asString())
                    .as("lazy idles out after 10 min, so the global lifetime (10 s) comes first")
                    .isEqualTo("lifetime");

            await().atMost(Duration.ofSeconds(8)).until(() -> quickEvents.count("stop") == 1);
            assertThat(container(user, quick).get("stop_reason").asString()).isEqualTo("idle");
            assertThat(lazyEvents.count("stop"))
                    .as("the lazy profile's container still runs")
                    .isZero();
            assertThat(container(user, lazy).get("status").asString()).isEqualTo("running");
        } finally {
            api.delete("/containers/" + quick, user.token());
            api.delete("/containers/" + lazy, user.token());
        }
    }

    /**
     * A profile with busy_cpu_percent: a container spinning on a CPU outlives several idle deadlines (its own CPU
     * use, sampled once when it is due, counts as activity), while an idle one of the same profile is stopped.
     */
    @Test
    void shouldKeepACpuBusyContainerRunningWhenItsProfileSaysSo() throws Exception {
        ApiClient.Session user = api.newUser("cpu-busy");
        Map<String, JsonNode> byName = profilesByName(user);
        assertThat(byName.get("busy").get("busy_cpu_percent").asDouble()).isEqualTo(10);
        assertThat(byName.get("small").get("busy_cpu_percent").asDouble())
                .as("lifecycle.busy_cpu_percent: off by default")
                .isZero();
        String spinning = createdIn(user, "busy", SPINNER);
        String sleeping = createdIn(user, "busy", SLEEPER);
        try (EngineEvents spinningEvents = EngineEvents.of(spinning);
                EngineEvents sleepingEvents = EngineEvents.of(sleeping)) {
            startAll(user, spinning, sleeping);
            Instant firstDeadline = stopsAt(user, spinning);

            await().atMost(BUSY_IDLE.plusSeconds(8)).until(() -> sleepingEvents.count("stop") == 1);
            assertThat(container(user, sleeping).get("stop_reason").asString()).isEqualTo("idle");
            Duration severalDeadlines = BUSY_IDLE.multipliedBy(4);
            await().during(severalDeadlines)
                    .atMost(severalDeadlines.plusSeconds(2))
                    .until(() -> spinningEvents.count("stop") == 0);
            JsonNode still = container(user, spinning);
            assertThat(still.get("status").asString()).isEqualTo("running");
            assertThat(Instant.now()).isAfter(firstDeadline.plus(BUSY_IDLE.multipliedBy(2)));
            assertThat(Instant.parse(still.get("last_activity_at").asString()))
                    .as("its CPU use was recorded as activity")
                    .isAfterOrEqualTo(firstDeadline);
            assertThat(spinningEvents.count("stop")).isZero();
        } finally {
            api.delete("/containers/" + spinning, user.token());
            api.delete("/containers/" + sleeping, user.token());
        }
    }

    /**
     * A user may ask for shorter: a container created with an idle stop of its own (1 s, its profile's is 4 s) shows
     * that policy, and the policy stops it at its own deadline, once, well before the profile's.
     */
    @Test
    void shouldStopAContainerAtItsOwnShorterIdleStop() throws Exception {
        ApiClient.Session user = api.newUser("own-idle");
        JsonNode job = createAndAwait(
                user, Map.of("image", TEST_IMAGE, "cmd", SLEEPER, "lifecycle", Map.of("idle_stop_after", "PT1S")));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        JsonNode lifecycle = container(user, id).get("lifecycle");
        assertThat(lifecycle.get("idle_stop_after").asString()).isEqualTo("PT1S");
        assertThat(lifecycle.get("max_lifetime").asString())
                .as("not asked: the profile's")
                .isEqualTo("PT10S");
        assertThat(lifecycle.get("warn_before").asString()).isEqualTo("PT2S");

        try (EngineEvents engine = EngineEvents.of(id)) {
            assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                    .isEqualTo(200);
            JsonNode running = container(user, id);
            Instant stopsAt = Instant.parse(running.get("stops_at").asString());
            Instant lastActivity = Instant.parse(running.get("last_activity_at").asString());
            assertThat(Duration.between(lastActivity, stopsAt)).isEqualTo(Duration.ofSeconds(1));
            Instant profilesStop = lastActivity.plus(IDLE);

            await().atMost(IDLE).until(() -> engine.count("stop") >= 1);
            assertThat(Instant.now())
                    .as("stopped at its own deadline, before the profile's")
                    .isAfterOrEqualTo(stopsAt)
                    .isBefore(profilesStop);
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> engine.count("stop") == 1);
        }
        JsonNode after = container(user, id);
        assertThat(after.get("status").asString()).isEqualTo("exited");
        assertThat(after.get("stop_reason").asString()).isEqualTo("idle");
        JsonNode audit = api.get("/audit?action=container.stop&target=" + id, user.token())
                .json();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("detail").asString()).isEqualTo("by policy: idle for PT1S");
    }

    /**
     * Never longer: a value longer than the profile allows is refused naming the field and the bound (not clamped),
     * so is a value that is not a duration, and a refused creation leaves no job, no container and no name behind.
     */
    @Test
    void shouldRefuseALongerOrMalformedOwnPolicyWritingNothing() {
        ApiClient.Session user = api.newUser("own-refused");
        ApiClient.Response longer = create(user, "kept", "small", Map.of("idle_stop_after", "PT5S"));
        assertThat(longer.status()).as(longer.body()).isEqualTo(400);
        assertThat(longer.json().get("code").asString()).isEqualTo("lifecycle_too_long");
        assertThat(longer.error())
                .isEqualTo("lifecycle.idle_stop_after PT5S is longer than profile small allows: at most PT4S");
        ApiClient.Response quick = create(user, "kept", "quick", Map.of("max_lifetime", "PT1M"));
        assertThat(quick.status()).isEqualTo(400);
        assertThat(quick.error())
                .isEqualTo("lifecycle.max_lifetime PT1M is longer than profile quick allows: at most PT10S");

        Map<Object, String> malformed = new LinkedHashMap<>();
        malformed.put("5 seconds", "lifecycle.idle_stop_after must be an ISO-8601 duration such as PT30M");
        malformed.put("PT0S", "lifecycle.idle_stop_after must be at least PT1S");
        malformed.put(5, "lifecycle.idle_stop_after has the wrong type");
        malformed.forEach((value, error) -> {
            ApiClient.Response refused = create(user, "kept", "small", Map.of("idle_stop_after", value));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("code").asString()).isEqualTo("invalid_lifecycle");
            assertThat(refused.error()).isEqualTo(error);
        });
        ApiClient.Response notAnObject = api.post(
                "/containers",
                ApiClient.json(Map.of("image", TEST_IMAGE, "name", "kept", "lifecycle", "PT1S")),
                user.token());
        assertThat(notAnObject.status()).isEqualTo(400);

        assertThat(api.get("/jobs", user.token()).json()).as("no job").isEmpty();
        assertThat(api.get("/containers", user.token()).json())
                .as("no container")
                .isEmpty();
        ApiClient.Response same = create(user, "kept", "small", Map.of("idle_stop_after", "PT4S"));
        assertThat(same.status())
                .as("the profile's own value is not longer; the name was never taken: " + same.body())
                .isEqualTo(200);
    }

    private ApiClient.Response create(
            ApiClient.Session user, String name, String profile, Map<String, Object> lifecycle) {
        return api.post(
                "/containers",
                ApiClient.json(Map.of(
                        "image", TEST_IMAGE, "cmd", SLEEPER, "name", name, "profile", profile, "lifecycle", lifecycle)),
                user.token());
    }

    private Map<String, JsonNode> profilesByName(ApiClient.Session user) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        api.get("/profiles", user.token())
                .json()
                .forEach(profile -> byName.put(profile.get("name").asString(), profile));
        return byName;
    }

    private void startAll(ApiClient.Session user, String... ids) {
        for (String id : ids) {
            assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                    .isEqualTo(200);
        }
    }

    private String createdIn(ApiClient.Session user, String profile) {
        return createdIn(user, profile, SLEEPER);
    }

    private String createdIn(ApiClient.Session user, String profile, List<String> cmd) {
        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", cmd, "profile", profile));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        return job.get("result").get("container_id").asString();
    }

    @Test
    void shouldStopAnIdleContainerAfterWarningItsOwner() throws Exception {
        ApiClient.Session user = api.newUser("idle");
        String id = createContainer(user, SLEEPER);
        try (SseClient feed = new SseClient(api.request("/events", user.token()).GET());
                EngineEvents engine = EngineEvents.of(id)) {
            assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                    .isEqualTo(200);
            JsonNode running = container(user, id);
            assertThat(running.get("stop_reason").asString()).isEqualTo("idle");
            Instant stopsAt = Instant.parse(running.get("stops_at").asString());
            Instant lastActivity = Instant.parse(running.get("last_activity_at").asString());
            assertThat(Duration.between(lastActivity, stopsAt)).isEqualTo(IDLE);

            SseClient.Event warning = feed.next("container.stopping_soon", Duration.ofSeconds(10));
            Instant warnedAt = Instant.now();
            assertThat(warning).as("the warning").isNotNull();
            JsonNode warned = ApiClient.parse(warning.data());
            assertThat(warned.get("container_id").asString()).isEqualTo(id);
            assertThat(warned.get("reason").asString()).isEqualTo("idle");
            assertThat(Instant.parse(warned.get("stops_at").asString())).isEqualTo(stopsAt);
            assertThat(warnedAt).as("warned before the stop").isBefore(stopsAt);
            assertThat(engine.count("stop")).as("not stopped when warned").isZero();

            SseClient.Event stopped = feed.next("container.stopped_by_policy", Duration.ofSeconds(10));
            assertThat(stopped).as("the stop's event").isNotNull();
            assertThat(ApiClient.parse(stopped.data()).get("reason").asString()).isEqualTo("idle");
            assertThat(Instant.now()).as("stopped when due").isAfterOrEqualTo(stopsAt);
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.count("stop") == 1);
        }

        JsonNode after = container(user, id);
        assertThat(after.get("status").asString()).isEqualTo("exited");
        assertThat(after.get("stop_reason").asString()).isEqualTo("idle");
        assertThat(after.has("stops_at")).isFalse();
        assertThat(after.has("deletes_at")).isTrue();
        JsonNode audit = api.get("/audit?action=container.stop&target=" + id, user.token())
                .json();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("outcome").asString()).isEqualTo("ok");
        assertThat(audit.get(0).get("detail").asString()).startsWith("by policy: idle");
    }

    @Test
    void shouldPostponeTheIdleStopOnEachKindOfActivity() throws Exception {
        ApiClient.Session user = api.newUser("activity");
        Map<String, Consumer<String>> kinds = new LinkedHashMap<>();
        kinds.put(
                "start",
                id -> assertThat(api.patch("/containers/" + id + "/start", user.token())
                                .status())
                        .isEqualTo(200));
        kinds.put(
                "exec",
                id -> assertThat(api.post(
                                        "/containers/" + id + "/exec",
                                        ApiClient.json(Map.of("cmd", List.of("true"))),
                                        user.token())
                                .status())
                        .isEqualTo(200));
        kinds.put("logs follow", id -> openStream(user, "/containers/" + id + "/logs?follow=true"));
        kinds.put("stats stream", id -> openStream(user, "/containers/" + id + "/stats?stream=true"));
        kinds.put(
                "keepalive",
                id -> assertThat(api.post("/containers/" + id + "/keepalive", "", user.token())
                                .status())
                        .isEqualTo(200));
        Map<String, String> containers = new LinkedHashMap<>();
        for (String kind : kinds.keySet()) {
            containers.put(kind, createContainer(user, SLEEPER));
        }
        // Started at once, so that their idle stops fall close together: each activity below must come after the
        // last start (to move its stop past every original one) and before the first original stop (due in 4 s).
        List<String> ids = List.copyOf(containers.values());
        Concurrently.run(ids.size(), i -> {
            assertThat(api.patch("/containers/" + ids.get(i) + "/start", user.token())
                            .status())
                    .isEqualTo(200);
            return i;
        });
        Map<String, Instant> before = new LinkedHashMap<>();
        containers.forEach((kind, id) -> before.put(kind, stopsAt(user, id)));

        // Late enough that each postponed stop is well after every original one.
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        kinds.forEach((kind, activity) -> activity.accept(containers.get(kind)));

        Instant latest = Instant.EPOCH;
        for (var entry : containers.entrySet()) {
            Instant was = before.get(entry.getKey());
            await(entry.getKey() + " moves stops_at")
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> stopsAt(user, entry.getValue()).isAfter(was));
            latest = was.isAfter(latest) ? was : latest;
        }
        Instant allOriginalsPassed = latest.plusMillis(600);
        await().during(Duration.between(Instant.now(), allOriginalsPassed))
                .atMost(Duration.between(Instant.now(), allOriginalsPassed).plusSeconds(2))
                .until(() -> containers.values().stream()
                        .allMatch(id ->
                                container(user, id).get("status").asString().equals("running")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containers.values().stream()
                        .allMatch(id ->
                                container(user, id).get("status").asString().equals("exited")));
    }

    @Test
    void shouldMoveStopsAtOnKeepalive() {
        ApiClient.Session user = api.newUser("keepalive");
        String id = startedContainer(user, SLEEPER);
        Instant first = stopsAt(user, id);

        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        ApiClient.Response kept = api.post("/containers/" + id + "/keepalive", "", user.token());

        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        Instant moved = Instant.parse(kept.json().get("stops_at").asString());
        assertThat(moved).isAfter(first);
        assertThat(stopsAt(user, id)).isEqualTo(moved);
        assertThat(api.post("/containers/" + "0".repeat(64) + "/keepalive", "", user.token())
                        .status())
                .isEqualTo(404);
        ApiClient.Session other = api.newUser("keepalive-other");
        assertThat(api.post("/containers/" + id + "/keepalive", "", other.token())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldStopABusyContainerAtTheEndOfItsLifetime() {
        ApiClient.Session user = api.newUser("lifetime");
        String id = startedContainer(user, SLEEPER);
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                api.post("/containers/" + id + "/keepalive", "", user.token());
                await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            }
        });
        try {
            // The engine says exited a moment before the policy's stop writes its reason: await both.
            await().atMost(LIFETIME.plusSeconds(10)).until(() -> {
                JsonNode found = container(user, id);
                return found.get("status").asString().equals("exited") && found.hasNonNull("stop_reason");
            });
        } finally {
            stop.set(true);
            busy.interrupt();
        }
        assertThat(container(user, id).get("stop_reason").asString()).isEqualTo("lifetime");
    }

    @Test
    void shouldRemoveAContainerStoppedForLong() {
        ApiClient.Session user = api.newUser("expiry");
        String id = startedContainer(user, SLEEPER);
        assertThat(api.patch("/containers/" + id + "/stop?timeout=0", user.token())
                        .status())
                .isEqualTo(200);
        JsonNode stopped = container(user, id);
        assertThat(stopped.has("stop_reason")).as("stopped by its user").isFalse();
        Instant deletesAt = Instant.parse(stopped.get("deletes_at").asString());
        assertThat(deletesAt).isAfter(Instant.now());

        await().atMost(DELETE_AFTER.plusSeconds(5))
                .until(() -> api.get("/containers/" + id, user.token()).status() == 404);
        assertThat(Instant.now()).isAfterOrEqualTo(deletesAt);
        assertThat(containersInEngineOf(user)).doesNotContain(id);
        JsonNode audit = api.get("/audit?action=container.delete&target=" + id, user.token())
                .json();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("detail").asString()).startsWith("by policy: stopped for");
    }

    /** delete_after_stopped removes the container as a DELETE would: its volume stays, listed and free to remove. */
    @Test
    void shouldKeepTheVolumesOfAContainerThePolicyRemoves() {
        ApiClient.Session user = api.newUser("expiry-volume");
        ApiClient.Response made =
                api.post("/volumes", ApiClient.json(Map.of("name", "kept", "size", "16MiB")), user.token());
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode job = createAndAwait(
                user,
                Map.of(
                        "image",
                        TEST_IMAGE,
                        "cmd",
                        SLEEPER,
                        "volumes",
                        List.of(Map.of("volume", "kept", "path", "/data"))));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        try {
            assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                    .isEqualTo(200);
            assertThat(api.patch("/containers/" + id + "/stop?timeout=0", user.token())
                            .status())
                    .isEqualTo(200);

            await().atMost(DELETE_AFTER.plusSeconds(5))
                    .until(() -> api.get("/containers/" + id, user.token()).status() == 404);
            assertThat(api.get("/audit?action=container.delete&target=" + id, user.token())
                            .json()
                            .get(0)
                            .get("detail")
                            .asString())
                    .startsWith("by policy: stopped for");
            JsonNode volumes = api.get("/volumes", user.token()).json();
            assertThat(volumes).hasSize(1);
            assertThat(volumes.get(0).get("name").asString()).isEqualTo("kept");
            assertThat(api.get("/volumes/kept", user.token()).status()).isEqualTo(200);
        } finally {
            api.delete("/containers/" + id, user.token());
            ApiClient.Response removed = api.delete("/volumes/kept", user.token());
            assertThat(removed.status())
                    .as("no container mounts it any more: " + removed.body())
                    .isEqualTo(204);
        }
    }

    /**
     * Starts hammer the container from the moment its stop is due: whoever wins, the container ends in one state, its
     * row says so, and the last successful operation in the audit trail is the one that put it there.
     */
    @Test
    void shouldEndAStartRacingThePolicysStopInOneState() throws Exception {
        ApiClient.Session user = api.newUser("race");
        for (int round = 0; round < 3; round++) {
            String id = startedContainer(user, SLEEPER);
            Instant due = stopsAt(user, id);
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            Instant until = due.plusMillis(800);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                await().atMost(IDLE.plusSeconds(2)).until(() -> !Instant.now().isBefore(due.minusMillis(100)));
                List<Future<?>> starters = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    starters.add(pool.submit(() -> {
                        while (Instant.now().isBefore(until)) {
                            statuses.add(api.patch("/containers/" + id + "/start", user.token())
                                    .status());
                        }
                    }));
                }
                for (Future<?> starter : starters) {
                    starter.get();
                }
            }
            assertThat(statuses).isSubsetOf(200, 409);
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertConsistent(user, id));
            api.delete("/containers/" + id, user.token());
        }
    }

    private void assertConsistent(ApiClient.Session user, String id) {
        JsonNode container = container(user, id);
        String status = container.get("status").asString();
        JsonNode audit = api.get("/audit?outcome=ok&target=" + id, user.token()).json();
        String last = audit.get(0).get("action").asString();
        if (status.equals("running")) {
            assertThat(last).as("running: the last change was a start").isEqualTo("container.start");
            assertThat(container.has("stops_at")).isTrue();
        } else {
            assertThat(status).isEqualTo("exited");
            assertThat(last)
                    .as("stopped: the last change was the policy's stop")
                    .isEqualTo("container.stop");
            assertThat(container.get("stop_reason").asString()).isEqualTo("idle");
        }
    }

    private void openStream(ApiClient.Session user, String path) {
        try (SseClient stream = new SseClient(api.request(path, user.token()).GET())) {
            assertThat(stream.status()).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode container(ApiClient.Session user, String id) {
        ApiClient.Response answer = api.get("/containers/" + id, user.token());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private Instant stopsAt(ApiClient.Session user, String id) {
        return Instant.parse(container(user, id).get("stops_at").asString());
    }
}
