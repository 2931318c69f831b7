package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.ConsoleClient;
import com.containermanager.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Containers by name: chosen or generated, unique per owner, and taken by every container path. */
class ContainerNamesIT extends IntegrationTest {

    private static final String ID_PATHS = "/containers/{id}";

    @Test
    void shouldLetTwoUsersEachHaveAContainerOfTheSameName() {
        ApiClient.Session alice = api.newUser("names-a");
        ApiClient.Session bob = api.newUser("names-b");

        String alices = named(alice, "web");
        String bobs = named(bob, "web");

        assertThat(alices).isNotEqualTo(bobs);
        assertThat(api.get("/containers/web", alice.token()).json().get("id").asString())
                .isEqualTo(alices);
        assertThat(api.get("/containers/web", bob.token()).json().get("id").asString())
                .isEqualTo(bobs);
        assertThat(single(api.get("/containers", alice.token()).json())
                        .get("name")
                        .asString())
                .isEqualTo("web");
        // The engine's names stay ours, unique across users.
        String alicesEngineName = runtime.inspect(alices).orElseThrow().name();
        String bobsEngineName = runtime.inspect(bobs).orElseThrow().name();
        assertThat(alicesEngineName).startsWith("cm-").isNotEqualTo(bobsEngineName);
    }

    @Test
    void shouldRefuseANameTheOwnerAlreadyHas() throws Exception {
        ApiClient.Session user = api.newUser("names-taken");
        named(user, "db");

        ApiClient.Response again = create(user, "db");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("name taken");
        assertThat(again.json().get("code").asString()).isEqualTo("name_taken");

        // A name is taken from the moment its creation is accepted: of five at once, one is accepted.
        List<Integer> statuses = Concurrently.run(5, i -> create(user, "cache").status());
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(status -> status == 200)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Web",
                "-web",
                "_web",
                "web.1",
                "web 1",
                "wéb",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void shouldRefuseAnInvalidName(String name) {
        ApiClient.Session user = api.newUser("names-bad");

        ApiClient.Response refused = create(user, name);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo(ContainerName.RULE);
        assertThat(refused.json().get("code").asString()).isEqualTo("invalid_name");
    }

    @Test
    void shouldPickAReadableNameWhenNoneIsGiven() {
        ApiClient.Session user = api.newUser("names-picked");
        String id = createContainer(user, List.of("true"));

        String name =
                api.get("/containers/" + id, user.token()).json().get("name").asString();

        assertThat(name).matches("[a-z]+-[a-z]+-[0-9]{2}");
        assertThat(api.get("/containers/" + name, user.token()).json().get("id").asString())
                .isEqualTo(id);
    }

    /**
     * Every container path of the OpenAPI document, by name: the owner reaches the container, another user who has
     * no container of that name gets 404 and reaches nothing in the engine. A path added to the document and missing
     * here fails the test.
     */
    @Test
    void shouldTakeTheNameOnEveryContainerPath() throws Exception {
        ApiClient.Session owner = api.newUser("names-walk");
        ApiClient.Session other = api.newUser("names-other");
        String id = named(owner, "walker");
        Set<String> walked = new TreeSet<>();

        walked.add("PATCH /containers/{id}/start");
        assertThat(api.patch("/containers/walker/start", other.token()).status())
                .isEqualTo(404);
        assertThat(api.patch("/containers/walker/start", owner.token()).status())
                .isEqualTo(200);
        assertThat(runtime.inspect(id).orElseThrow().state().running()).isTrue();

        walked.add("GET /containers/{id}");
        assertThat(api.get("/containers/walker", other.token()).status()).isEqualTo(404);
        assertThat(api.get("/containers/walker", owner.token()).json().get("id").asString())
                .isEqualTo(id);

        walked.add("GET /containers/{id}/logs");
        assertThat(api.get("/containers/walker/logs", other.token()).status()).isEqualTo(404);
        assertThat(api.get("/containers/walker/logs", owner.token()).status()).isEqualTo(200);

        walked.add("GET /containers/{id}/stats");
        assertThat(api.get("/containers/walker/stats", other.token()).status()).isEqualTo(404);
        assertThat(api.get("/containers/walker/stats", owner.token())
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("running");

        walked.add("POST /containers/{id}/exec");
        String exec = ApiClient.json(Map.of("cmd", List.of("hostname")));
        assertThat(api.post("/containers/walker/exec", exec, other.token()).status())
                .isEqualTo(404);
        ApiClient.Response ran = api.post("/containers/walker/exec", exec, owner.token());
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(id).startsWith(ran.json().get("stdout").asString().strip());

        walked.add("POST /containers/{id}/keepalive");
        assertThat(api.post("/containers/walker/keepalive", "{}", other.token()).status())
                .isEqualTo(404);
        ApiClient.Response kept = api.post("/containers/walker/keepalive", "{}", owner.token());
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().has("stops_at")).isTrue();

        walked.add("POST /containers/{id}/console");
        walked.add("GET /containers/{id}/console");
        assertThat(api.post("/containers/walker/console", "{}", other.token()).status())
                .isEqualTo(404);
        ApiClient.Response ticket = api.post("/containers/walker/console", "{}", owner.token());
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(200);
        try (ConsoleClient console = ConsoleClient.withTicket(
                port, "walker", ticket.json().get("ticket").asString())) {
            console.input("echo named-$((40+2))\n");
            assertThat(console.awaitOutput("named-42", Duration.ofSeconds(10))).contains("named-42");
        }

        walked.add("PATCH /containers/{id}/restart");
        assertThat(api.patch("/containers/walker/restart?timeout=0", other.token())
                        .status())
                .isEqualTo(404);
        assertThat(api.patch("/containers/walker/restart?timeout=0", owner.token())
                        .status())
                .isEqualTo(200);

        // A port's web app (issue 23), by name: its ports, its access level, a ticket, share links.
        walked.add("GET /containers/{id}/ports");
        assertThat(api.get("/containers/walker/ports", other.token()).status()).isEqualTo(404);
        assertThat(api.get("/containers/walker/ports", owner.token()).status()).isEqualTo(200);
        walked.add("PUT /containers/{id}/ports/{port}");
        String users = ApiClient.json(Map.of("access", "users"));
        assertThat(api.send(api.request("/containers/walker/ports/8000", other.token())
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(users)))
                        .status())
                .isEqualTo(404);
        ApiClient.Response level = api.send(api.request("/containers/walker/ports/8000", owner.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(users)));
        assertThat(level.status()).as(level.body()).isEqualTo(200);
        walked.add("POST /containers/{id}/ports/{port}/open");
        assertThat(api.post("/containers/walker/ports/8000/open", "{}", other.token())
                        .status())
                .isEqualTo(404);
        ApiClient.Response opened = api.post("/containers/walker/ports/8000/open", "{}", owner.token());
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        walked.add("POST /containers/{id}/shares");
        String share = ApiClient.json(Map.of("port", 8000, "expires_in", "1h"));
        assertThat(api.post("/containers/walker/shares", share, other.token()).status())
                .isEqualTo(404);
        ApiClient.Response shared = api.post("/containers/walker/shares", share, owner.token());
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        walked.add("GET /containers/{id}/shares");
        assertThat(api.get("/containers/walker/shares", other.token()).status()).isEqualTo(404);
        assertThat(api.get("/containers/walker/shares", owner.token()).json().size())
                .isEqualTo(1);
        walked.add("DELETE /containers/{id}/shares/{share}");
        String shareId = shared.json().get("id").asString();
        assertThat(api.delete("/containers/walker/shares/" + shareId, other.token())
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/containers/walker/shares/" + shareId, owner.token())
                        .status())
                .isEqualTo(204);

        walked.add("PATCH /containers/{id}/stop");
        assertThat(api.patch("/containers/walker/stop?timeout=0", other.token()).status())
                .isEqualTo(404);
        assertThat(api.patch("/containers/walker/stop?timeout=0", owner.token()).status())
                .isEqualTo(200);
        assertThat(runtime.inspect(id).orElseThrow().state().running()).isFalse();

        walked.add("DELETE /containers/{id}");
        assertThat(api.delete("/containers/walker", other.token()).status()).isEqualTo(404);
        assertThat(runtime.inspect(id)).isPresent();
        assertThat(api.delete("/containers/walker", owner.token()).status()).isEqualTo(200);
        assertThat(runtime.inspect(id)).isEmpty();
        assertThat(api.get("/containers/walker", owner.token()).status()).isEqualTo(404);

        assertThat(walked).isEqualTo(documentedContainerPaths());
    }

    private Set<String> documentedContainerPaths() throws Exception {
        JsonNode paths = JsonMapper.builder()
                .build()
                .readTree(Files.readString(Path.of("docs", "openapi.json")))
                .get("paths");
        Set<String> found = new TreeSet<>();
        for (String path : paths.propertyNames()) {
            if (path.startsWith(ID_PATHS)) {
                for (String method : paths.get(path).propertyNames()) {
                    found.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
                }
            }
        }
        return found;
    }

    private String named(ApiClient.Session user, String name) {
        ApiClient.Response submitted = create(user, name);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        JsonNode job = awaitJob(user, submitted.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        return job.get("result").get("container_id").asString();
    }

    private ApiClient.Response create(ApiClient.Session user, String name) {
        return api.post(
                "/containers",
                ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("sleep", "3600"), "name", name)),
                user.token());
    }

    private static JsonNode single(JsonNode list) {
        assertThat(list.size()).isEqualTo(1);
        return list.get(0);
    }
}
