package com.containermanager.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.auth.Role;
import com.containermanager.platform.Installation;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.user.Accounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The real application on a random port, on its own embedded PostgreSQL (fresh data folder per run) and the
 * machine's Docker engine. Every container and network the service creates in a test carries this run's test label,
 * and is removed after each test.
 */
// Tuning shared by every context, as inline properties: below @DynamicPropertySource, so that a test can set these
// keys again there. Every test registers users from loopback, and the disk is shared with other builds: the
// registration throttle and the free-space floor have tests of their own.
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "auth.registrations_per_hour=0",
            "limits.operations_per_minute=0",
            "limits.requests_per_second=0",
            "storage.min_free_space=1MB",
            "storage.min_free_percent=0",
            "cm.auth.throttle.free-failures=3",
            "cm.auth.throttle.base-block=1s",
            "cm.auth.throttle.max-block=2s",
            "cm.jobs.idle-poll=300ms",
            "cm.jobs.lease=3s",
            // a client that hangs up on a quiet stream is noticed at the next keep-alive
            "cm.web.keep-alive=1s",
            "management.server.port=0",
            // Docker Hub, and a loopback registry whose port refuses connections: pulls that fail on this machine.
            "containers.allowed_registries=docker.io," + IntegrationTest.UNREACHABLE_REGISTRY
        })
@Import(CountingRuntimeConfiguration.class)
public abstract class IntegrationTest {

    /**
     * Given by make (so its safety net removes only this run's leftovers), else made up; then the number of this
     * test JVM among Failsafe's forks, which run at once: each fork removes and counts only what it labelled.
     */
    public static final String RUN_ID = runId();

    public static final String TEST_LABEL = "container-manager.test-run";
    /** Allowed in every test context; nothing listens there (port 9, discard), so a pull fails fast and offline. */
    public static final String UNREACHABLE_REGISTRY = "127.0.0.1:9";

    public static final String TEST_IMAGE = System.getProperty("cm.test-image", "cm-test/busybox:latest");
    protected static final Path RUN_DIR = Path.of("target", "it-runs", RUN_ID).toAbsolutePath();

    private static String runId() {
        String run = System.getProperty("cm.test-run", "");
        String fork = System.getProperty("cm.test-fork", "");
        return (run.isBlank() ? UUID.randomUUID().toString() : run) + (fork.isBlank() ? "" : "-" + fork);
    }

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected ContainerRuntime runtime;

    @Autowired
    private Installation installation;

    @Autowired
    private Accounts accounts;

    protected ApiClient api;

    /** The management port (loopback): metrics, and health with its details. */
    protected ApiClient management;

    @DynamicPropertySource
    static void isolatedRun(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "main");
    }

    /**
     * Everything a context of this run needs to be isolated from others and from earlier runs. The folder is new
     * on every call, so a subclass that registers again for a context of its own never shares the database.
     */
    protected static void registerRunProperties(DynamicPropertyRegistry registry, String contextName) {
        Path dir =
                RUN_DIR.resolve(contextName + "-" + UUID.randomUUID().toString().substring(0, 8));
        registry.add("config.file", () -> dir.resolve("no-config.yaml").toString());
        registry.add("cm.data-dir", () -> dir.resolve("data").toString());
        registry.add("cm.storage.base-path", () -> dir.resolve("uploads").toString());
        registry.add("cm.docker.labels[" + TEST_LABEL + "]", () -> RUN_ID);
    }

    @BeforeEach
    void connectClient() {
        api = new ApiClient(port);
        management = ApiClient.management(managementPort);
    }

    @AfterEach
    void removeTestContainers() {
        // The users' networks carry the run's label too; each test's users are new, so theirs are never needed again.
        EngineFixture.removeLabelled(TEST_LABEL, RUN_ID);
    }

    /**
     * What the engine holds for this user of this installation: the engine is shared with other test runs and other
     * checkouts, whose users have the same ids, so the owner label alone would count their containers too.
     */
    protected List<String> containersInEngineOf(ApiClient.Session user) {
        return EngineFixture.containersLabelled(Map.of(
                ContainerLabels.OWNER,
                user.userId(),
                ContainerLabels.INSTALLATION,
                installation.id().toString()));
    }

    protected CountingContainerRuntime counting() {
        return (CountingContainerRuntime) runtime;
    }

    /** Submits a creation and waits for the job to finish; returns the finished job. */
    protected JsonNode createAndAwait(ApiClient.Session user, Map<String, Object> request) {
        ApiClient.Response submitted = api.post("/containers", ApiClient.json(request), user.token());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return awaitJob(user, submitted.json().get("job_id").asString());
    }

    protected JsonNode awaitJob(ApiClient.Session user, String jobId) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/jobs/" + jobId, user.token()).json(), job -> {
                    String status = job.get("status").asString();
                    return status.equals("completed") || status.equals("failed");
                });
    }

    /** A new user made admin the way make user ADMIN=1 does it: the role set on the account. */
    protected ApiClient.Session newAdmin(String prefix) {
        ApiClient.Session admin = api.newUser(prefix);
        accounts.setRole(Long.parseLong(admin.userId()), Role.ADMIN);
        return admin;
    }

    /** A created and started container of this user's. */
    protected String startedContainer(ApiClient.Session user, List<String> cmd) {
        String id = createContainer(user, cmd);
        ApiClient.Response started = api.patch("/containers/" + id + "/start", user.token());
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return id;
    }

    /** A shell script run in the user's container through the API (sh -c, within 60 s); the exec's answer. */
    protected JsonNode shell(ApiClient.Session user, String container, String script) {
        ApiClient.Response ran = api.post(
                "/containers/" + container + "/exec",
                ApiClient.json(Map.of("cmd", List.of("sh", "-c", script), "timeout_s", 60)),
                user.token());
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        return ran.json();
    }

    protected String createContainer(ApiClient.Session user, List<String> cmd) {
        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", cmd));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        return job.get("result").get("container_id").asString();
    }
}
