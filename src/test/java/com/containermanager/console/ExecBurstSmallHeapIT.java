package com.containermanager.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Proof that a burst of big-output commands cannot end the instance: Failsafe runs this class in a JVM with a 128 MiB
 * heap (see pom.xml), the application and this test together. 150 commands at once, 15 from each of 10 users, each
 * printing 1 MiB to stdout and 1 MiB to stderr and then sleeping: held whole, 300 MiB. Every answer is a 200 with
 * the whole output or a 429 with Retry-After; the instance serves on; every slot comes back.
 */
class ExecBurstSmallHeapIT extends IntegrationTest {

    private static final int USERS = 10;
    private static final int PER_USER = 15;
    private static final String BIG_OUTPUT =
            "head -c 1048576 /dev/zero | tr '\\000' o; " + "head -c 1048576 /dev/zero | tr '\\000' e >&2; sleep 2";

    @Test
    void shouldSurviveABurstOfBigOutputCommands() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the heap this proof relies on")
                .isLessThan(300L * 1024 * 1024);
        List<ApiClient.Session> users = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            ApiClient.Session user = api.newUser("exec-burst-" + u);
            users.add(user);
            containers.add(startedContainer(user, List.of("sleep", "3600")));
        }
        HttpClient client = HttpClient.newHttpClient();
        CountDownLatch ready = new CountDownLatch(USERS * PER_USER);
        List<Future<long[]>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < USERS; u++) {
                for (int i = 0; i < PER_USER; i++) {
                    ApiClient.Session user = users.get(u);
                    String id = containers.get(u);
                    answers.add(pool.submit(() -> {
                        ready.countDown();
                        ready.await();
                        return send(client, user, id);
                    }));
                }
            }
            int ok = 0;
            for (Future<long[]> answer : answers) {
                long[] result = answer.get();
                if (result[0] == 200) {
                    ok++;
                    assertThat(result[1])
                            .as("the whole output, and the JSON around it")
                            .isGreaterThan(2 * 1048576L);
                } else {
                    assertThat(result[0]).isEqualTo(429);
                    assertThat(result[2]).as("Retry-After").isPositive();
                }
            }
            assertThat(ok)
                    .as("some ran, within the per-user and instance bounds")
                    .isBetween(1, 8);
        }

        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        for (int u = 0; u < USERS; u++) {
            ApiClient.Response again = api.post(
                    "/containers/" + containers.get(u) + "/exec",
                    ApiClient.json(Map.of("cmd", List.of("true"))),
                    users.get(u).token());
            assertThat(again.status())
                    .as("the slots came back: " + again.body())
                    .isEqualTo(200);
        }
    }

    /** Status, bytes read (counted, not kept), Retry-After. */
    private long[] send(HttpClient client, ApiClient.Session user, String id) throws Exception {
        HttpRequest request = api.request("/containers/" + id + "/exec", user.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        ApiClient.json(Map.of("cmd", List.of("sh", "-c", BIG_OUTPUT)))))
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[16384];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                bytes += n;
            }
        }
        long retryAfter = response.headers()
                .firstValue("Retry-After")
                .map(Long::parseLong)
                .orElse(0L);
        return new long[] {response.statusCode(), bytes, retryAfter};
    }
}
