package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * limits.requests_per_second against the running service: past a user's burst, requests are refused before the
 * application (a refused write leaves nothing behind), held for a second, bounded per user; other users are not
 * touched.
 */
class RequestRateIT extends IntegrationTest {

    private static final int PER_SECOND = 2;
    private static final int BURST = 10;

    @DynamicPropertySource
    static void rate(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "request-rate");
        registry.add("limits.requests_per_second", () -> PER_SECOND);
        registry.add("limits.request_burst", () -> BURST);
    }

    @Test
    void shouldHoldAndRefuseRequestsPastTheBurstBeforeTheApplication() throws Exception {
        ApiClient.Session user = api.newUser("rps");
        ApiClient.Session other = api.newUser("rps-other");
        // The first request makes the token known; from then on each one is charged.
        assertThat(api.get("/users/me", user.token()).status()).isEqualTo(200);
        int passed = 0;
        ApiClient.Response refused = null;
        long started = 0;
        for (int i = 0; i < 3 * BURST && refused == null; i++) {
            started = System.nanoTime();
            ApiClient.Response response = api.get("/users/me", user.token());
            if (response.status() == 429) {
                refused = response;
            } else {
                assertThat(response.status()).isEqualTo(200);
                passed++;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(refused).as("the bucket ran dry").isNotNull();
        // The burst, and what refilled while they ran (at 2 a second).
        assertThat(passed).isBetween(BURST, BURST + 4);
        assertThat(refused.json().get("error").asString())
                .isEqualTo("limit reached: requests_per_second (" + PER_SECOND + ")");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(took).as("a refusal is held for a second").isGreaterThanOrEqualTo(RequestRateFilter.HOLD);
        assertThat(api.get("/users/me", other.token()).status())
                .as("another user's bucket is their own")
                .isEqualTo(200);

        // Writes while the bucket is dry: only what refilled meanwhile may pass, and each refused one left nothing.
        List<Integer> writes = Concurrently.run(
                20,
                i -> api.post(
                                "/users/me/tokens",
                                "{\"name\": \"t" + i + "\", \"scopes\": [\"containers:read\"]}",
                                user.token())
                        .status());
        assertThat(writes).allMatch(status -> status == 200 || status == 429).contains(429);
        long created = writes.stream().filter(status -> status == 200).count();
        assertThat(created).isLessThanOrEqualTo(5);
        awaitBucket(user);
        assertThat(api.get("/users/me/tokens", user.token()).json())
                .as("the refused writes never reached the application")
                .hasSize((int) created);
    }

    @Test
    void shouldHoldAtMostItsBoundOfOneUsersRefusalsAndAnswerTheRestAtOnce() throws Exception {
        ApiClient.Session user = api.newUser("rps-held");
        assertThat(api.get("/users/me", user.token()).status()).isEqualTo(200);
        int clients = HeldRefusals.PER_USER + 2 * BURST + 20;

        List<ApiClient.Response> answers = Concurrently.run(clients, i -> api.get("/users/me", user.token()));

        List<ApiClient.Response> refusals =
                answers.stream().filter(a -> a.status() == 429).toList();
        List<ApiClient.Response> closed = refusals.stream()
                .filter(a -> "close".equalsIgnoreCase(a.header("Connection")))
                .toList();
        assertThat(answers).allMatch(a -> a.status() == 200 || a.status() == 429);
        // At most the burst and what refilled while they ran passed; the rest were refused.
        assertThat(refusals.size()).isGreaterThanOrEqualTo(clients - BURST - 10);
        assertThat(refusals.size() - closed.size())
                .as("held refusals, at most the per-user bound")
                .isLessThanOrEqualTo(HeldRefusals.PER_USER);
        assertThat(closed).as("the refusals past the bound, answered at once").isNotEmpty();
    }

    private void awaitBucket(ApiClient.Session user) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/users/me", user.token()).status() == 200);
    }
}
