package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.EngineEvent;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ImagePullException;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.LogRequest;
import com.containermanager.runtime.OutputKind;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.runtime.RegistrySettings;
import com.containermanager.runtime.StatsStream;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.ExecProbes;
import com.containermanager.support.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * The Docker adapter against the real engine, every call of the port, both on the engine's Unix socket and over
 * TLS (a loopback port that wants a client certificate, in front of the same engine, as a dockerd with --tlsverify
 * would be): versions, pulls, the container's life, logs with and without follow, stats, events, exec attach with
 * and without a TTY (the hijacked connection both ways), copying files in. No Spring context: the adapter alone.
 */
class DockerAdapterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RUN_ID = IntegrationTest.RUN_ID;

    @TempDir
    static Path dir;

    private static TlsEngineProxy proxy;

    @BeforeAll
    static void startTlsEngine() throws Exception {
        TlsEngineProxy.makeCertificates(dir.resolve("certs"), "engine-test-ca");
        TlsEngineProxy.makeCertificates(dir.resolve("other-ca"), "another-ca");
        proxy = TlsEngineProxy.start(dir.resolve("certs"), engineSocket());
    }

    @AfterAll
    static void stopTlsEngine() throws IOException {
        proxy.close();
        EngineFixture.removeLabelled(IntegrationTest.TEST_LABEL, RUN_ID);
    }

    private static Path engineSocket() {
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        return Path.of(URI.create(host.startsWith("unix://") ? host : "unix:///var/run/docker.sock")
                .getPath());
    }

    private static DockerContainerRuntime adapter(String transport) {
        return switch (transport) {
            case "unix" ->
                new DockerContainerRuntime(settings("unix://" + engineSocket(), false, null), registries(), "it");
            case "tls" ->
                new DockerContainerRuntime(
                        settings("tcp://127.0.0.1:" + proxy.port(), true, dir.resolve("certs")), registries(), "it");
            default -> throw new IllegalArgumentException(transport);
        };
    }

    static DockerSettings settings(String host, boolean tls, @Nullable Path certs) {
        return new DockerSettings(
                host,
                Map.of(IntegrationTest.TEST_LABEL, RUN_ID),
                DataSize.ofMegabytes(256),
                256,
                "none",
                Duration.ofSeconds(30),
                1,
                false,
                DataSize.ofMegabytes(10),
                2,
                tls,
                certs);
    }

    private static RegistryPolicy registries() {
        return new RegistryPolicy(
                new RegistrySettings(List.of("docker.io", IntegrationTest.UNREACHABLE_REGISTRY), null));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"unix", "tls"})
    void shouldServeEveryCallOfThePort(String transport) throws Exception {
        int handshakesBefore = proxy.handshakes();
        DockerContainerRuntime engine = adapter(transport);
        long owner = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);

        assertThat(engine.version()).isNotBlank();
        assertThat(engine.engineId()).isNotBlank();
        assertThatThrownBy(() -> engine.pull(IntegrationTest.UNREACHABLE_REGISTRY + "/x:1", (c, t) -> {}))
                .as("the engine's answer to a pull came back")
                .isInstanceOf(ImagePullException.class)
                .hasMessage("registry unreachable");

        try (EngineEventStream events = engine.events()) {
            CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> actions(events, 2));
            String id = engine.create(new ContainerSpec(
                    owner,
                    UUID.randomUUID(),
                    IntegrationTest.TEST_IMAGE,
                    List.of("sh", "-c", "echo out-1; echo err-1 >&2; sleep 3600"),
                    List.of("GREETING=hello")));
            engine.start(id);
            assertThat(seen.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .containsExactly("create", "start");

            ContainerDetails details = engine.inspect(id).orElseThrow();
            assertThat(details.state().running()).isTrue();
            assertThat(engine.listByOwner(owner)).extracting(c -> c.id()).containsExactly(id);
            assertThat(engine.listManaged()).anySatisfy(c -> assertThat(c.id()).isEqualTo(id));

            List<LogLine> lines =
                    await().atMost(WAIT).until(() -> logs(engine, id, false, 2), found -> found.size() == 2);
            assertThat(lines)
                    .containsExactlyInAnyOrder(
                            new LogLine(OutputKind.STDOUT, null, "out-1"),
                            new LogLine(OutputKind.STDERR, null, "err-1"));
            assertThat(logs(engine, id, true, 1)).hasSize(1);

            ContainerStats stats = engine.stats(id);
            assertThat(stats.sampled()).isTrue();
            assertThat(stats.pids()).isPositive();
            try (StatsStream stream = engine.statsStream(id)) {
                assertThat(stream.next()).isNotNull();
            }

            engine.copyIn(id, "/tmp", ExecProbes.tar("note.txt", "copied over " + transport));
            assertThat(ExecProbes.exec(engine, id, List.of("sh", "-c", "cat /tmp/note.txt; echo \"$GREETING\" >&2")))
                    .isEqualTo(new ExecProbes.Output("copied over " + transport, "hello\n", 0L));
            assertThat(ExecProbes.typed(engine, id, "echo typed-$((6*7))\n", "typed-42\r\n"))
                    .contains("typed-42");

            engine.restart(id, 0);
            assertThat(engine.inspect(id).orElseThrow().state().running()).isTrue();
            engine.stop(id, 0);
            assertThat(engine.inspect(id).orElseThrow().state().running()).isFalse();
            engine.remove(id);
            assertThat(engine.inspect(id)).isEmpty();
        }
        if (transport.equals("tls")) {
            assertThat(proxy.handshakes() - handshakesBefore)
                    .as("every call went through TLS with the client certificate")
                    .isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void shouldNotTalkToATlsEngineWithoutTheRightCertificatesOrWithoutTls() {
        DockerContainerRuntime otherCa = new DockerContainerRuntime(
                settings("tcp://127.0.0.1:" + proxy.port(), true, dir.resolve("other-ca")), registries(), "it");
        DockerContainerRuntime plain = new DockerContainerRuntime(
                settings("tcp://127.0.0.1:" + proxy.port(), false, null), registries(), "it");

        assertThatThrownBy(otherCa::version).isInstanceOf(EngineUnavailableException.class);
        assertThatThrownBy(() -> otherCa.logs("x", new LogRequest(1, null, null, false, true, true, true)))
                .isInstanceOf(EngineUnavailableException.class);
        assertThatThrownBy(plain::version).isInstanceOf(EngineUnavailableException.class);
    }

    private static List<String> actions(EngineEventStream events, int count) {
        List<String> actions = new ArrayList<>();
        while (actions.size() < count) {
            EngineEvent event = events.next();
            if (event == null) {
                break;
            }
            actions.add(event.action());
        }
        return actions;
    }

    private static List<LogLine> logs(DockerContainerRuntime engine, String id, boolean follow, int count) {
        List<LogLine> lines = new ArrayList<>();
        try (LineStream stream = engine.logs(id, new LogRequest(100, null, null, false, true, true, follow))) {
            for (LogLine line = stream.next(); line != null && lines.size() < count; line = stream.next()) {
                lines.add(line);
                if (lines.size() == count) {
                    break;
                }
            }
        }
        return lines;
    }
}
