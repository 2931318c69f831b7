package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.EngineNameConflictException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineNoSuchImageException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ManagedContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin engine calls against a scripted engine on a Unix socket: what each answer becomes. The real engine's
 * answers to the same calls are proven by the integration tests (every create, start, stop and list goes here).
 */
class EngineCallsTest {

    @TempDir
    Path dir;

    private ScriptedEngine engine;
    private EngineCalls calls;
    private EngineHttp http;

    @BeforeEach
    void start() throws IOException {
        engine = new ScriptedEngine(dir.resolve("engine.sock"));
        http = new EngineHttp(ScriptedEngine.address(dir.resolve("engine.sock")));
        calls = new EngineCalls(http);
    }

    @AfterEach
    void stop() throws IOException {
        engine.close();
    }

    @Test
    void shouldCreateAndTellAMissingImageAndATakenNameApart() throws Exception {
        engine.answer(201, "{\"Id\":\"abc\",\"Warnings\":[]}");
        engine.answer(404, "{\"message\":\"No such image: x:1\"}");
        engine.answer(409, "{\"message\":\"Conflict. The container name is already in use\"}");
        Map<String, Object> config =
                EngineCalls.config("x:1", List.of("true"), List.of(), Map.of("k", "v"), Map.of(), null);

        assertThat(calls.create("cm-job", config)).isEqualTo("abc");
        String request = engine.request();
        assertThat(request).startsWith("POST /containers/create?name=cm-job HTTP/1.1");
        assertThat(request).contains("\"Image\":\"x:1\"", "\"Cmd\":[\"true\"]", "\"Labels\":{\"k\":\"v\"}");
        assertThatThrownBy(() -> calls.create("cm-job", config)).isInstanceOf(EngineNoSuchImageException.class);
        assertThatThrownBy(() -> calls.create("cm-job", config)).isInstanceOf(EngineNameConflictException.class);
    }

    @Test
    void shouldAcceptNotModifiedAndTellAMissingContainerARefusalAndATroubledEngineApart() {
        engine.answer(304, "");
        engine.answer(404, "{\"message\":\"No such container: c\"}");
        engine.answer(500, "{\"message\":\"OCI runtime create failed\"}");
        engine.answer(500, "");

        assertThatCode(() -> calls.start("c")).doesNotThrowAnyException();
        assertThatThrownBy(() -> calls.start("c")).isInstanceOf(EngineNoSuchContainerException.class);
        assertThatThrownBy(() -> calls.stop("c", 3))
                .isInstanceOf(EngineRefusedException.class)
                .hasMessage("the engine could not stop the container: OCI runtime create failed");
        assertThatThrownBy(() -> calls.restart("c", null)).isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void shouldTakeARemovalOfAContainerGoneOrGoingAsDone() throws Exception {
        engine.answer(404, "{\"message\":\"No such container: c\"}");
        engine.answer(409, "{\"message\":\"removal of container c is already in progress\"}");

        assertThatCode(() -> calls.remove("c")).doesNotThrowAnyException();
        assertThat(engine.request()).startsWith("DELETE /containers/c?force=true&v=true HTTP/1.1");
        assertThatCode(() -> calls.remove("c")).doesNotThrowAnyException();
    }

    @Test
    void shouldListByLabelsAndReadOwnersAndExitCodes() throws Exception {
        engine.answer(200, """
                [{"Id": "a", "Names": ["/cm-1"], "State": "exited", "Status": "Exited (137) 2 minutes ago",
                  "Created": 1700000000, "Labels": {"container-manager.owner": "7"}},
                 {"Id": "b", "Names": ["/other"], "State": "running", "Status": "Up 1 second", "Labels": {}}]""");

        var listed = calls.list(Map.of("container-manager.owner", "7"));

        assertThat(engine.request()).contains("filters=%7B%22label%22%3A%5B%22container-manager.owner%3D7%22%5D%7D");
        assertThat(listed.stream().map(EngineCalls::toSummary))
                .containsExactly(
                        new ContainerSummary("a", "cm-1", "exited"), new ContainerSummary("b", "other", "running"));
        ManagedContainer managed = EngineCalls.toManaged(listed.get(0)).orElseThrow();
        assertThat(managed.ownerId()).isEqualTo(7);
        assertThat(managed.exitCode()).isEqualTo(137);
        assertThat(EngineCalls.toManaged(listed.get(1)))
                .as("no owner label: not ours")
                .isEmpty();
    }

    @Test
    void shouldEndACallThatRunsPastItsDeadline() {
        engine.answerNever();
        long started = System.nanoTime();

        assertThatThrownBy(() -> http.exchange("POST", "/containers/c/stop", null, Duration.ofMillis(200)))
                .isInstanceOf(EngineUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldTellTheEnginesVersionAndId() throws Exception {
        engine.answer(200, "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\"}");
        engine.answer(200, "{\"ID\":\"ABCD:EFGH\",\"Containers\":3}");
        engine.answer(200, "{\"Containers\":3}");

        assertThat(calls.version()).isEqualTo("20.10.24");
        assertThat(engine.request()).startsWith("GET /version HTTP/1.1");
        assertThat(calls.engineId()).isEqualTo("ABCD:EFGH");
        assertThatThrownBy(() -> calls.engineId())
                .isInstanceOf(EngineRefusedException.class)
                .hasMessage("the engine did not tell its ID");
    }

    @Test
    void shouldSendATarOfUnknownLengthChunkedAndTellAMissingContainer() throws Exception {
        byte[] tar = new byte[200_000];
        new java.util.Random(7).nextBytes(tar);
        engine.answer(200, "");
        engine.answer(404, "{\"message\":\"No such container: c\"}");
        engine.answer(400, "{\"message\":\"not a directory\"}");

        calls.copyIn("c", "/files", new java.io.ByteArrayInputStream(tar));

        String request = engine.request();
        assertThat(request)
                .startsWith("PUT /containers/c/archive?path=%2Ffiles HTTP/1.1")
                .contains("Transfer-Encoding: chunked", "Content-Type: application/x-tar");
        assertThat(request.substring(request.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1))
                .as("the body, chunks decoded")
                .isEqualTo(tar);
        assertThatThrownBy(() -> calls.copyIn("c", "/files", new java.io.ByteArrayInputStream(tar)))
                .isInstanceOf(EngineNoSuchContainerException.class);
        assertThatThrownBy(() -> calls.copyIn("c", "/files", new java.io.ByteArrayInputStream(tar)))
                .isInstanceOf(EngineRefusedException.class)
                .hasMessage("the engine refused the files: not a directory");
    }
}
