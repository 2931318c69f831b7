package com.containermanager.limits;

import static com.containermanager.limits.LimitsIT.assertRefused;
import static com.containermanager.limits.LimitsIT.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.file.StorageSettings;
import com.containermanager.support.ApiClient;
import com.containermanager.support.FileTree;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.Multipart;
import com.containermanager.support.SecondInstance;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances on one PostgreSQL and one storage folder, requests spread over both: the limits that are counts, the
 * storage quota and the registration throttle hold across them, because their state is in PostgreSQL.
 */
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsAcrossInstancesIT extends IntegrationTest {

    private static final int CONTAINERS = 3;
    private static final int REGISTRATIONS_PER_HOUR = 3;
    private static final long MB = 1024 * 1024;

    @Autowired
    private HikariDataSource dataSource;

    @Autowired
    private StorageSettings storage;

    private ConfigurableApplicationContext second;
    private ApiClient secondApi;

    @DynamicPropertySource
    static void sharedLimits(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "across-instances");
        limits().forEach((key, value) -> registry.add(key, () -> value));
    }

    private static Map<String, String> limits() {
        return Map.of(
                // Both instances must verify each other's tokens.
                "cm.auth.jwt-secret", "across-instances-test-secret-of-enough-bytes",
                "limits.containers", Integer.toString(CONTAINERS),
                "storage.quota", "10MB",
                "storage.max_upload_size", "8MB",
                "auth.registrations_per_hour", Integer.toString(REGISTRATIONS_PER_HOUR));
    }

    /** A second instance: the first one's PostgreSQL and storage, a data folder of its own, the same settings. */
    @BeforeAll
    void startSecondInstance() {
        second = SecondInstance.start(dataSource, storage.basePath(), limits());
        secondApi = SecondInstance.api(second);
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void shouldNotLetConcurrentUploadsOnTwoInstancesJointlyPassTheQuota() throws Exception {
        ApiClient.Session user = api.newUser("quota-across");
        byte[] sixMegabytes = Multipart.randomBytes((int) (6 * MB));

        List<ApiClient.Response> answers =
                concurrently(3, i -> (i % 2 == 0 ? api : secondApi).upload(user.token(), "f" + i, sixMegabytes));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 413);
        long stored = answers.stream().filter(a -> a.status() == 200).count();
        assertThat(stored).as("6 MB fits a 10 MB quota once").isEqualTo(1);
        Path folder = storage.basePath().resolve(user.userId());
        long total = 0;
        for (String name : FileTree.names(folder)) {
            total += Files.size(folder.resolve(name));
        }
        assertThat(total).isEqualTo(6 * MB);
        assertThat(secondApi
                        .get("/users/me", user.token())
                        .json()
                        .at("/usage/storage_bytes/used")
                        .asLong())
                .as("the running total, seen from the other instance")
                .isEqualTo(6 * MB);
    }

    @Test
    void shouldNotLetConcurrentCreationsOnTwoInstancesJointlyPassTheContainerLimit() throws Exception {
        ApiClient.Session user = api.newUser("containers-across");
        String body = ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("sleep", "3600")));

        List<ApiClient.Response> answers =
                concurrently(10, i -> (i % 2 == 0 ? api : secondApi).post("/containers", body, user.token()));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 403);
        List<ApiClient.Response> accepted =
                answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(accepted).hasSize(CONTAINERS);
        answers.stream()
                .filter(a -> a.status() == 403)
                .forEach(a -> assertThat(a.error()).isEqualTo("limit reached: containers (" + CONTAINERS + ")"));
        accepted.forEach(a -> awaitJob(user, a.json().get("job_id").asString()));
        assertThat(containersInEngineOf(user)).hasSize(CONTAINERS);
    }

    @Test
    void shouldThrottleRegistrationsFromOneAddressOnEveryInstance() throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0.9");
        ApiClient first = new ApiClient(port, from);
        ApiClient other =
                new ApiClient(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")), from);

        List<ApiClient.Response> answers = concurrently(
                8,
                i -> (i % 2 == 0 ? first : other)
                        .post(
                                "/users",
                                "{\"username\":\"reg-%s\",\"password\":\"correct-horse\"}"
                                        .formatted(UUID.randomUUID().toString().substring(0, 8)),
                                null));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 429);
        assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(REGISTRATIONS_PER_HOUR);
        ApiClient.Response refused =
                answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertRefused(refused, 429, "limit reached: registrations_per_hour (" + REGISTRATIONS_PER_HOUR + ")");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3000L, 3600L);
        assertThat(new ApiClient(port, InetAddress.getByName("127.0.0.10"))
                        .post("/users", "{\"username\":\"reg-other\",\"password\":\"correct-horse\"}", null)
                        .status())
                .as("another address is not held back")
                .isEqualTo(200);
    }
}
