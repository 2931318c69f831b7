package com.containermanager.container.creation;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Where images may come from, and what the engine sends there, seen by registries of the test's own on loopback
 * (which the engine reaches without TLS, as it does any loopback registry): one with ambient credentials in the
 * service user's Docker configuration, one with credentials configured for the service, one port that is closed
 * and one that answers like an SSH server.
 */
class ImagesIT extends IntegrationTest {

    private static final FakeRegistry AMBIENT = new FakeRegistry();
    private static final FakeRegistry CONFIGURED = new FakeRegistry();
    private static final int CLOSED = closedPort();
    private static final SshBanner SSH = new SshBanner();
    private static final Path DIR = RUN_DIR.resolve("images-" + UUID.randomUUID());

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void registries(DynamicPropertyRegistry registry) throws IOException {
        registerRunProperties(registry, "images");
        Files.createDirectories(DIR.resolve("docker"));
        // What `docker login` leaves in the service user's configuration, which the engine client would pick up.
        Files.writeString(
                DIR.resolve("docker").resolve("config.json"), dockerConfig(AMBIENT.host(), "ambient", "leaked"));
        System.setProperty("DOCKER_CONFIG", DIR.resolve("docker").toString());
        Path configured = Files.writeString(
                DIR.resolve("registry-credentials.json"), dockerConfig(CONFIGURED.host(), "service", "configured"));
        registry.add(
                "cm.registries.allowed",
                () -> String.join(
                        ",",
                        "docker.io",
                        AMBIENT.host(),
                        CONFIGURED.host(),
                        "127.0.0.1:" + CLOSED,
                        "127.0.0.1:" + SSH.port()));
        registry.add("cm.registries.credentials-file", configured::toString);
    }

    @AfterAll
    static void stopRegistries() {
        System.clearProperty("DOCKER_CONFIG");
        AMBIENT.stop();
        CONFIGURED.stop();
        SSH.stop();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1:22/x",
                "localhost:5000/team/app",
                "10.0.0.1:5000/app",
                "192.168.1.10/app:1",
                "registry.example.com/app",
                "ghcr.io/owner/app",
                // Docker takes an upper-case first component for a host (issue 19 #7): not Docker Hub's
                "LOCALHOST/x",
                "INTRANET/x",
                "Team/app"
            })
    void shouldRefuseAtSubmissionAnImageOfARegistryThatIsNotListed(String image) {
        ApiClient.Session user = api.newUser("registry");

        ApiClient.Response refused = api.post("/containers", ApiClient.json(Map.of("image", image)), user.token());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("registry not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alpine", "cm-test/BusyBox:latest", "INTRANET/X"})
    void shouldRefuseAtSubmissionAReferenceDockerWouldNotTake(String image) {
        ApiClient.Session user = api.newUser("upper-case");

        ApiClient.Response refused = api.post("/containers", ApiClient.json(Map.of("image", image)), user.token());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid image reference: the repository name must be lower case");
        assertThat(api.get("/jobs", user.token()).json().size())
                .as("no job was written")
                .isZero();
    }

    @Test
    void shouldKeepLocalDockerHubStyleImagesWorking() {
        ApiClient.Session user = api.newUser("local-image");

        assertThat(createContainer(user, List.of("true"))).hasSize(64);
    }

    @Test
    void shouldSendNoAmbientCredentialsToARegistry() {
        ApiClient.Session user = api.newUser("ambient");

        JsonNode job = createAndAwait(user, Map.of("image", AMBIENT.host() + "/team/app:1"));

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).isEqualTo("image not found");
        assertThat(AMBIENT.requests).as("the engine did try the registry").isNotEmpty();
        assertThat(AMBIENT.authorizations())
                .as("but with no credentials at all")
                .isEmpty();
    }

    @Test
    void shouldSendTheCredentialsConfiguredForTheRegistry() {
        ApiClient.Session user = api.newUser("configured");

        JsonNode job = createAndAwait(user, Map.of("image", CONFIGURED.host() + "/team/app:1"));

        assertThat(job.get("error").asString()).isEqualTo("image not found");
        assertThat(CONFIGURED.authorizations()).contains("Basic " + base64("service:configured"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldTellAFailedPullInItsOwnWordsNeverTheEngines(boolean sshPort) {
        ApiClient.Session user = api.newUser("unreachable");
        int port = sshPort ? SSH.port() : CLOSED;

        JsonNode job = createAndAwait(user, Map.of("image", "127.0.0.1:" + port + "/x"));

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).isEqualTo("registry unreachable");
    }

    @Test
    void shouldCheckTheRegistryAgainWhenTheJobRuns() {
        ApiClient.Session user = api.newUser("recheck");
        UUID jobId = UUID.randomUUID();
        // Submitted while the list still allowed it.
        jdbc.sql("insert into jobs (id, owner_id, type, status, payload) values "
                        + "(:id, :owner, 'container_creation', 'pending', cast(:payload as jsonb))")
                .param("id", jobId)
                .param("owner", Long.parseLong(user.userId()))
                .param("payload", ApiClient.json(Map.of("image", "127.0.0.1:22/x", "cmd", List.of(), "env", List.of())))
                .update();

        JsonNode job = awaitJob(user, jobId.toString());

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).isEqualTo("registry not allowed");
        assertThat(counting().calls("pull", "127.0.0.1:22/x"))
                .as("nothing was pulled")
                .isZero();
        assertThat(com.containermanager.support.EngineFixture.containersLabelled(
                        com.containermanager.runtime.ContainerLabels.JOB, jobId.toString()))
                .as("nothing was created")
                .isEmpty();
    }

    private static String dockerConfig(String host, String username, String password) {
        return "{\"auths\": {\"" + host + "\": {\"auth\": \"" + base64(username + ":" + password) + "\"}}}";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A registry that wants Basic credentials, records what it is sent, and has no images. */
    static final class FakeRegistry {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        FakeRegistry() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth=" + authorization);
                exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                byte[] body;
                if (authorization == null) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                    body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(401, body.length);
                } else if (exchange.getRequestURI().getPath().equals("/v2/")) {
                    body = "{}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                } else {
                    body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, body.length);
                }
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String host() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> authorizations() {
            return requests.stream()
                    .map(request -> request.substring(request.indexOf(" auth=") + 6))
                    .filter(authorization -> !authorization.equals("null"))
                    .toList();
        }

        void stop() {
            server.stop(0);
        }
    }

    /** A port that answers like an SSH server, as 127.0.0.1:22 would. */
    static final class SshBanner {
        private final ServerSocket socket;

        SshBanner() {
            try {
                socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofPlatform().daemon().name("fake-ssh").start(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        client.getOutputStream()
                                .write("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // closed, or the client went away
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        void stop() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
