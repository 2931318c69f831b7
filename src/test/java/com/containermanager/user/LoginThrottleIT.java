package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The login throttle on PostgreSQL, with as many password check slots as requests, so that only the throttle
 * decides: its count is taken atomically before the password check, whatever arrives at once.
 */
class LoginThrottleIT extends IntegrationTest {

    private static final int FREE_FAILURES = 5;

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "login-throttle");
        registry.add("cm.auth.throttle.free-failures", () -> Integer.toString(FREE_FAILURES));
        registry.add("cm.auth.throttle.base-block", () -> "30s");
        registry.add("cm.auth.throttle.max-block", () -> "15m");
        registry.add("cm.auth.throttle.max-concurrent-checks", () -> "1000");
    }

    @Test
    void shouldLetExactlyTheFreeFailuresThroughABurstOf300WrongLogins() throws Exception {
        ApiClient.Session user = api.newUser("burst");
        String wrong = credentials(user.username(), "wrong-password");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 300; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return api.post("/users/login", wrong, null);
                }));
            }
            start.countDown();
        }

        List<ApiClient.Response> responses = new ArrayList<>();
        for (Future<ApiClient.Response> answer : answers) {
            responses.add(answer.get());
        }
        assertThat(responses.stream().filter(r -> r.status() == 401)).hasSize(FREE_FAILURES);
        assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(300 - FREE_FAILURES);
        assertThat(responses.stream().filter(r -> r.status() == 429))
                .allSatisfy(
                        r -> assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 30L));
    }

    @Test
    void shouldNotCountSuccessfulLoginsAgainstTheClientsAddress() {
        ApiClient.Session user = api.newUser("often");
        String right = credentials(user.username(), "correct-horse");

        for (int i = 0; i < 30; i++) {
            ApiClient.Response login = api.post("/users/login", right, null);
            assertThat(login.status())
                    .as("login " + (i + 1) + ": " + login.body())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldStartTheUsernamesCountOverAfterTheRightPassword() {
        ApiClient.Session user = api.newUser("reset");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < FREE_FAILURES - 1; i++) {
                ApiClient.Response failed =
                        api.post("/users/login", credentials(user.username(), "wrong-password"), null);
                assertThat(failed.status())
                        .as("round %d, failure %d: %s %s", round, i + 1, failed.body(), failed.header("Retry-After"))
                        .isEqualTo(401);
            }
            assertThat(api.post("/users/login", credentials(user.username(), "correct-horse"), null)
                            .status())
                    .as("round " + round)
                    .isEqualTo(200);
        }
    }

    private static String credentials(String username, String password) {
        return ApiClient.json(Map.of("username", username, "password", password));
    }
}
