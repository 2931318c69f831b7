package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class ContainerLifecycleIT extends IntegrationTest {

    @Test
    void shouldRunTheSeedsFlowFromCreationToDeletion() {
        ApiClient.Session user = api.newUser("lifecycle");

        ApiClient.Response submitted = api.post(
                "/containers",
                ApiClient.json(Map.of(
                        "image",
                        TEST_IMAGE,
                        "cmd",
                        List.of("tail", "-f", "/dev/null"),
                        "env",
                        List.of("GREETING=hello"))),
                user.token());
        assertThat(submitted.status()).isEqualTo(200);
        String jobId = submitted.json().get("job_id").asString();
        assertThat(submitted.header("Location")).isEqualTo("/jobs/" + jobId);

        JsonNode job = awaitJob(user, jobId);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("type").asString()).isEqualTo("container_creation");
        String id = job.get("result").get("container_id").asString();
        assertThat(id).matches("[0-9a-f]{64}");

        JsonNode listed = single(api.get("/containers", user.token()).json());
        assertThat(listed.get("id").asString()).isEqualTo(id);
        assertThat(listed.get("status").asString()).as("created, not started").isEqualTo("created");
        assertThat(listed.get("image").asString()).isEqualTo(TEST_IMAGE);
        assertThat(listed.get("cmd").toString()).isEqualTo("[\"tail\",\"-f\",\"/dev/null\"]");
        assertThat(listed.get("env").toString()).isEqualTo("[\"GREETING=hello\"]");

        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .as("idempotent")
                .isEqualTo(200);
        JsonNode running = api.get("/containers/" + id, user.token()).json();
        assertThat(running.get("status").asString()).isEqualTo("running");
        assertThat(running.get("state").get("running").asBoolean()).isTrue();

        assertThat(api.patch("/containers/" + id + "/stop?timeout=1", user.token())
                        .status())
                .isEqualTo(200);
        assertThat(api.patch("/containers/" + id + "/stop", user.token()).status())
                .as("idempotent")
                .isEqualTo(200);
        assertThat(api.get("/containers/" + id, user.token())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("exited");

        ApiClient.Response deleted = api.delete("/containers/" + id, user.token());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertThat(api.get("/containers", user.token()).json().size()).isZero();
        assertThat(api.get("/containers/" + id, user.token()).error()).isEqualTo("container not found");
        assertThat(runtime.inspect(id)).isEmpty();
    }

    @Test
    void shouldDeleteARunningContainer() {
        ApiClient.Session user = api.newUser("delete-running");
        String id = createContainer(user, List.of("sleep", "3600"));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);

        assertThat(api.delete("/containers/" + id, user.token()).status()).isEqualTo(200);
        assertThat(runtime.inspect(id)).isEmpty();
    }

    @Test
    void shouldListWithOneEngineCallWhateverTheNumberOfContainers() {
        ApiClient.Session user = api.newUser("one-call");
        for (int i = 0; i < 3; i++) {
            createContainer(user, List.of("true"));
        }
        int listsBefore = counting().calls("list", user.userId());
        int inspectsBefore = counting().calls("inspect", "*");

        JsonNode listed = api.get("/containers", user.token()).json();

        assertThat(listed.size()).isEqualTo(3);
        assertThat(counting().calls("list", user.userId()) - listsBefore).isEqualTo(1);
        assertThat(counting().calls("inspect", "*") - inspectsBefore).isZero();
    }

    @Test
    void shouldForgetContainersThatVanishedFromTheEngine() {
        ApiClient.Session user = api.newUser("vanished");
        String id = createContainer(user, List.of("true"));
        runtime.remove(id);

        assertThat(api.get("/containers", user.token()).json().size()).isZero();
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(404);
    }

    @Test
    void shouldKeepUsersApart() {
        ApiClient.Session owner = api.newUser("owner");
        ApiClient.Session other = api.newUser("other");
        ApiClient.Response submitted = api.post(
                "/containers",
                ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("sleep", "3600"))),
                owner.token());
        String jobId = submitted.json().get("job_id").asString();
        String id = awaitJob(owner, jobId).get("result").get("container_id").asString();
        // The owner's look-ups are cached (the finished job, the container's owner): the others still get 404.
        assertThat(api.get("/containers/" + id, owner.token()).status()).isEqualTo(200);

        assertThat(api.get("/containers", other.token()).json().size()).isZero();
        assertThat(api.get("/jobs", other.token()).json().size()).isZero();
        for (ApiClient.Response response : List.of(
                api.get("/containers/" + id, other.token()),
                api.patch("/containers/" + id + "/start", other.token()),
                api.patch("/containers/" + id + "/stop", other.token()),
                api.delete("/containers/" + id, other.token()))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.error()).isEqualTo("container not found");
        }
        ApiClient.Response job = api.get("/jobs/" + jobId, other.token());
        assertThat(job.status()).isEqualTo(404);
        assertThat(job.error()).isEqualTo("job not found");

        assertThat(counting().calls("start", id)
                        + counting().calls("stop", id)
                        + counting().calls("remove", id))
                .as("nothing reached the engine")
                .isZero();
        assertThat(api.get("/containers/" + id, owner.token())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("created");
    }

    @Test
    void shouldNeverResolveEngineNamesOrPrefixes() {
        ApiClient.Session user = api.newUser("prefix");
        String id = createContainer(user, List.of("true"));
        // The engine's name is ours; only the owner's own name of the container (ContainerNamesIT) resolves.
        String name = runtime.inspect(id).orElseThrow().name();

        for (String reference : List.of(id.substring(0, 12), name, id.toUpperCase(), id + "0")) {
            ApiClient.Response response = api.patch("/containers/" + reference + "/start", user.token());
            assertThat(response.status()).as(reference).isEqualTo(404);
            assertThat(response.error()).isEqualTo("container not found");
            assertThat(counting().calls("start", reference))
                    .as("nothing reached the engine")
                    .isZero();
        }
        assertThat(counting().calls("start", id)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing image       | {}                                              | image is required",
                "blank image         | {\"image\":\"  \"}                              | image is required",
                "invalid image       | {\"image\":\"Not A Reference\"}                 | invalid image reference",
                "cmd not an array    | {\"image\":\"alpine\",\"cmd\":\"tail -f\"}      | cmd has the wrong type",
                "cmd of numbers      | {\"image\":\"alpine\",\"cmd\":[1,2]}            | cmd[0] has the wrong type",
                "env without equals  | {\"image\":\"alpine\",\"env\":[\"NOVALUE\"]}    | env entries must be KEY=VALUE",
                "env not an array    | {\"image\":\"alpine\",\"env\":{\"A\":\"1\"}}    | env has the wrong type",
                "image of wrong type | {\"image\":42}                                  | image has the wrong type",
                "files not an array  | {\"image\":\"alpine\",\"files\":\"a.txt\"}   | files has the wrong type",
                "files of numbers    | {\"image\":\"alpine\",\"files\":[1]}         | files[0] has the wrong type",
                "files with a null   | {\"image\":\"alpine\",\"files\":[null]}      | files entries must be file names",
                "unknown file        | {\"image\":\"alpine\",\"files\":[\"a.txt\"]} | file not found: a.txt",
            })
    void shouldRefuseInvalidCreations(String label, String body, String message) {
        ApiClient.Session user = api.newUser("invalid");

        ApiClient.Response response = api.post("/containers", body, user.token());

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.error()).isEqualTo(message);
        assertThat(api.get("/jobs", user.token()).json().size())
                .as("no job was written")
                .isZero();
    }

    @Test
    void shouldIgnoreFieldsThatWouldWidenWhatTheContainerMayDo() {
        ApiClient.Session user = api.newUser("smuggle");
        String body = "{\"image\":\"" + TEST_IMAGE + "\",\"cmd\":[\"true\"],\"privileged\":true,"
                + "\"HostConfig\":{\"Privileged\":true,\"Binds\":[\"/:/host\"],\"NetworkMode\":\"host\"},"
                + "\"host_config\":{\"privileged\":true},\"binds\":[\"/:/host\"],\"cap_add\":[\"ALL\"]}";

        ApiClient.Response submitted = api.post("/containers", body, user.token());
        assertThat(submitted.status()).isEqualTo(200);
        String id = awaitJob(user, submitted.json().get("job_id").asString())
                .get("result")
                .get("container_id")
                .asString();

        assertThat(EngineFixture.labelsOf(id)).containsEntry(ContainerLabels.OWNER, user.userId());
        assertThat(hostConfigOf(id))
                .doesNotContain("\"Privileged\":true")
                .doesNotContain("/:/host")
                .doesNotContain("\"NetworkMode\":\"host\"")
                .doesNotContain("\"CapAdd\":[\"ALL\"]")
                .as("the operator's limits")
                .contains("\"Memory\":1073741824", "\"PidsLimit\":1024", "\"SecurityOpt\":[\"no-new-privileges\"]");
    }

    @Test
    void shouldFailTheJobWithAClearErrorWhenTheImageCannotBeHad() {
        ApiClient.Session user = api.newUser("missing-image");
        // An allowed registry on this machine's loopback where nothing listens: the pull fails without leaving it.
        JsonNode job = createAndAwait(user, Map.of("image", UNREACHABLE_REGISTRY + "/cm-test/missing:1"));

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).isEqualTo("registry unreachable");
        assertThat(job.has("result")).isFalse();
        ApiClient.Response notListed = api.post(
                "/containers", ApiClient.json(Map.of("image", "127.0.0.1:22/cm-test/missing:1")), user.token());
        assertThat(notListed.status()).isEqualTo(400);
        assertThat(notListed.error()).isEqualTo("registry not allowed");
    }

    @Test
    void shouldListTheCallersJobsNewestFirstWithALimit() {
        ApiClient.Session user = api.newUser("jobs");
        for (int i = 0; i < 3; i++) {
            api.post("/containers", ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("true"))), user.token());
        }

        JsonNode all = api.get("/jobs", user.token()).json();
        JsonNode two = api.get("/jobs?limit=2", user.token()).json();

        assertThat(all.size()).isEqualTo(3);
        assertThat(two.size()).isEqualTo(2);
        assertThat(two.get(0).get("id").asString())
                .isEqualTo(all.get(0).get("id").asString());
        assertThat(all.get(0).get("created_at").asString())
                .isGreaterThanOrEqualTo(all.get(1).get("created_at").asString());
        JsonNode older = api.get("/jobs?before=" + all.get(1).get("created_at").asString(), user.token())
                .json();
        assertThat(older.size()).isEqualTo(1);
        assertThat(api.get("/jobs?limit=0", user.token()).status()).isEqualTo(400);
        all.forEach(job -> awaitJob(user, job.get("id").asString()));
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array.size()).isEqualTo(1);
        return array.get(0);
    }

    private static String hostConfigOf(String id) {
        try {
            Process inspect = new ProcessBuilder("docker", "inspect", "--format", "{{json .HostConfig}}", id)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(inspect.getInputStream().readAllBytes());
            assertThat(inspect.waitFor()).isZero();
            return output;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
