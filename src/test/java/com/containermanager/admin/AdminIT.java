package com.containermanager.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.file.StorageSettings;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API against the real service, PostgreSQL and engine. */
class AdminIT extends IntegrationTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StorageSettings storage;

    private ApiClient.Session admin() {
        return newAdmin("admin");
    }

    @Test
    void aNonAdminGets403OnEveryAdminEndpointOfTheDocument() throws Exception {
        ApiClient.Session user = api.newUser("plain");
        ApiClient.Session admin = admin();
        String adminReadToken = api.post(
                        "/users/me/tokens",
                        ApiClient.json(Map.of("name", "r", "scopes", List.of("containers:read"))),
                        admin.token())
                .json()
                .get("token")
                .asString();
        JsonNode paths = JsonMapper.builder()
                .build()
                .readTree(Files.readString(Path.of("docs", "openapi.json")))
                .get("paths");
        List<String> walked = new ArrayList<>();
        for (String path : paths.propertyNames()) {
            if (!path.startsWith("/admin")) {
                continue;
            }
            String concrete = path.replaceAll("\\{[^}]+}", "1");
            for (String method : paths.get(path).propertyNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                for (String token : List.of(user.token(), adminReadToken)) {
                    HttpRequest.Builder request = api.request(concrete, token)
                            .header("Content-Type", "application/json")
                            .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString("{}"));
                    ApiClient.Response answer = api.send(request);
                    assertThat(answer.status()).as(method + " " + concrete).isEqualTo(403);
                    assertThat(answer.error())
                            .isEqualTo(token.equals(user.token()) ? "permission denied" : "missing scope: admin");
                }
                walked.add(method + " " + path);
            }
        }
        assertThat(walked).as("the admin endpoints of the document").hasSizeGreaterThanOrEqualTo(13);
        assertThat(api.get("/admin/users", admin.token()).status()).isEqualTo(200);
    }

    @Test
    void anAccountWhoseUsageCannotBeReadStaysInTheListWithoutIt() throws Exception {
        ApiClient.Session admin = admin();
        ApiClient.Session broken = api.newUser("broken-folder");
        // The file service refuses a user's folder that is a link (FileIT); the admin must still see everybody.
        Path elsewhere = Files.createTempDirectory("cm-admin-elsewhere");
        Files.createDirectories(storage.basePath());
        Files.createSymbolicLink(storage.basePath().resolve(broken.userId()), elsewhere);

        ApiClient.Response found = api.get("/admin/users?q=" + broken.username(), admin.token());

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.body()).contains(broken.username());
    }

    @Test
    void suspendingStopsTheTokensAndTheContainersAndResumingGivesTheTokensBack() {
        ApiClient.Session admin = admin();
        ApiClient.Session user = api.newUser("suspended");
        String running = startedContainer(user, List.of("sleep", "300"));

        ApiClient.Response suspended =
                api.send(patch("/admin/users/" + user.userId(), Map.of("suspended", true), admin.token()));
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(suspended.json().get("state").asString()).isEqualTo("suspended");

        ApiClient.Response refused = api.get("/containers", user.token());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.error()).isEqualTo("account suspended");
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(running)
                        .exec()
                        .getState()
                        .getRunning())
                .as("stopped")
                .isFalse();
        ApiClient.Response login = api.post(
                "/users/login", ApiClient.json(Map.of("username", user.username(), "password", "correct-horse")), null);
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.error()).isEqualTo("account suspended");

        assertThat(api.send(patch("/admin/users/" + user.userId(), Map.of("suspended", false), admin.token()))
                        .status())
                .isEqualTo(200);
        ApiClient.Response list = api.get("/containers", user.token());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).get("id").asString())
                .as("kept, not removed")
                .isEqualTo(running);

        JsonNode audit = api.get("/admin/audit?action=admin.user.&user=" + user.userId(), admin.token())
                .json();
        assertThat(audit).hasSize(2);
        assertThat(audit.get(1).get("action").asString()).isEqualTo("admin.user.suspend");
        assertThat(audit.get(1).get("actor").asString()).isEqualTo(admin.username());
        assertThat(audit.get(1).get("username").asString()).isEqualTo(user.username());
        assertThat(api.get("/audit", user.token()).body())
                .contains("admin.user.resume")
                .contains(admin.username());
    }

    @Test
    void aLimitOverrideHoldsForThatUserOnly() {
        ApiClient.Session admin = admin();
        ApiClient.Session user = api.newUser("limited");
        ApiClient.Response changed = api.send(
                patch("/admin/users/" + user.userId(), Map.of("limits", Map.of("containers", 1)), admin.token()));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("limits").get("containers").asLong()).isEqualTo(1);
        assertThat(changed.json().get("usage").get("containers").get("limit").asLong())
                .isEqualTo(1);

        createContainer(user, List.of("true"));
        ApiClient.Response over = api.post(
                "/containers", ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("true"))), user.token());
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.error()).isEqualTo("limit reached: containers (1)");

        ApiClient.Response unknown =
                api.send(patch("/admin/users/" + user.userId(), Map.of("limits", Map.of("cpus", 4)), admin.token()));
        assertThat(unknown.status()).isEqualTo(400);
    }

    /**
     * The CPUs and memory of the running containers (limits.running_cpus, limits.running_memory) can be overridden
     * per user too: running_cpus in thousandths of a CPU, as usage counts it. The default size is 1 CPU and 1 GB.
     */
    @Test
    void theCpuAndMemoryLimitsCanBeOverriddenPerUser() {
        ApiClient.Session admin = admin();
        ApiClient.Session user = api.newUser("sized");
        String id = createContainer(user, List.of("sleep", "300"));

        assertThat(api.send(patch(
                                "/admin/users/" + user.userId(),
                                Map.of("limits", Map.of("running_cpus", 500)),
                                admin.token()))
                        .status())
                .isEqualTo(200);
        ApiClient.Response cpus = api.patch("/containers/" + id + "/start", user.token());
        assertThat(cpus.status()).isEqualTo(403);
        assertThat(cpus.error()).isEqualTo("limit reached: running_cpus (0.5)");
        JsonNode usage =
                api.get("/admin/users/" + user.userId(), admin.token()).json().get("usage");
        assertThat(usage.get("running_cpus").get("limit").asDouble()).isEqualTo(0.5);

        Map<String, Object> memoryOnly = new java.util.HashMap<>();
        memoryOnly.put("running_cpus", null);
        memoryOnly.put("running_memory_bytes", 1);
        assertThat(api.send(patch("/admin/users/" + user.userId(), Map.of("limits", memoryOnly), admin.token()))
                        .status())
                .isEqualTo(200);
        ApiClient.Response memory = api.patch("/containers/" + id + "/start", user.token());
        assertThat(memory.status()).isEqualTo(403);
        assertThat(memory.error()).isEqualTo("limit reached: running_memory_bytes (1)");

        Map<String, Object> none = new java.util.HashMap<>();
        none.put("running_memory_bytes", null);
        assertThat(api.send(patch("/admin/users/" + user.userId(), Map.of("limits", none), admin.token()))
                        .status())
                .isEqualTo(200);
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .as("the settings again: no limit")
                .isEqualTo(200);
    }

    /** The personal-token limit (auth.tokens.max_per_user) is a limit like the others: an admin can override it. */
    @Test
    void theTokensLimitCanBeOverriddenPerUser() {
        ApiClient.Session admin = admin();
        ApiClient.Session user = api.newUser("tokens");
        ApiClient.Response changed =
                api.send(patch("/admin/users/" + user.userId(), Map.of("limits", Map.of("tokens", 1)), admin.token()));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("limits").get("tokens").asLong()).isEqualTo(1);
        String body = ApiClient.json(Map.of("name", "ci", "scopes", List.of("containers:read")));

        assertThat(api.post("/users/me/tokens", body, user.token()).status()).isEqualTo(200);
        ApiClient.Response over = api.post("/users/me/tokens", body, user.token());
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.error()).isEqualTo("limit reached: tokens (1)");
        assertThat(api.post("/users/me/tokens", body, admin.token()).status())
                .as("the others keep the setting")
                .isEqualTo(200);
    }

    @Test
    void deletingAUserLeavesNothingOfThemOnTheEngineOrInTheDatabase() throws Exception {
        ApiClient.Session admin = admin();
        ApiClient.Session user = api.newUser("leaving");
        long id = Long.parseLong(user.userId());
        startedContainer(user, List.of("sleep", "300"));
        createContainer(user, List.of("true"));
        assertThat(api.upload(user.token(), "notes.txt", "hello".getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(200);
        api.post(
                "/users/me/tokens",
                ApiClient.json(Map.of("name", "ci", "scopes", List.of("files:read"))),
                user.token());

        ApiClient.Response accepted = api.delete("/admin/users/" + user.userId(), admin.token());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(api.get("/containers", user.token()).status()).as("at once").isEqualTo(401);
        JsonNode job = awaitJob(admin, accepted.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("result").get("removed").get("containers").asLong()).isEqualTo(2);

        assertThat(EngineFixture.containersLabelled(Map.of("container-manager.owner", user.userId())))
                .as("no container of theirs in the engine")
                .isEmpty();
        for (String table : List.of(
                "users where id",
                "containers where owner_id",
                "jobs where owner_id",
                "personal_tokens where user_id",
                "file_usage where user_id",
                "group_members where user_id",
                "user_limits where user_id",
                "user_networks where user_id")) {
            assertThat(jdbc.sql("select count(*) from " + table + " = :id")
                            .param("id", id)
                            .query(Long.class)
                            .single())
                    .as(table)
                    .isZero();
        }
        assertThat(RUN_DIR).isNotEmptyDirectory();
        try (var folders = Files.walk(RUN_DIR)) {
            assertThat(folders.filter(path -> path.getFileName().toString().equals(user.userId())
                            && path.getParent().getFileName().toString().equals("uploads")))
                    .as("the user's storage folder")
                    .isEmpty();
        }
        JsonNode audit =
                api.get("/admin/audit?user=" + user.userId(), admin.token()).json();
        assertThat(audit.size()).as("their audit rows stay").isGreaterThan(3);
        assertThat(audit.get(0).get("username").asString()).isEqualTo(user.username());
        assertThat(api.get("/admin/users/" + user.userId(), admin.token()).status())
                .isEqualTo(404);
    }

    @Test
    void anAdminSeesEveryContainerForceStopsAndDeletesIt() {
        ApiClient.Session admin = admin();
        ApiClient.Session user = api.newUser("owner");
        String id = startedContainer(user, List.of("sleep", "300"));

        JsonNode listed = api.get("/admin/containers?owner=" + user.userId(), admin.token())
                .json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("owner").asString()).isEqualTo(user.username());
        assertThat(listed.get(0).get("status").asString()).isEqualTo("running");

        assertThat(api.patch("/admin/containers/" + id + "/stop?force=true", admin.token())
                        .status())
                .isEqualTo(200);
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(id)
                        .exec()
                        .getState()
                        .getRunning())
                .isFalse();
        assertThat(api.delete("/admin/containers/" + id, admin.token()).status())
                .isEqualTo(200);
        assertThat(api.get("/containers/" + id, user.token()).status()).isEqualTo(404);
        assertThat(api.get("/admin/audit?actor=" + admin.userId(), admin.token())
                        .body())
                .contains("admin.container.stop")
                .contains("admin.container.delete");

        JsonNode cluster = api.get("/admin/cluster", admin.token()).json();
        assertThat(cluster.get("instances")).hasSize(1);
        assertThat(cluster.get("engine").get("status").asString()).isEqualTo("up");
    }

    private HttpRequest.Builder patch(String path, Object body, String token) {
        return api.request(path, token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(ApiClient.json(body)));
    }
}
