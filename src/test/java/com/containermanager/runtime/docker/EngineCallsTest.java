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
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
        http = new EngineHttp("unix://" + dir.resolve("engine.sock"));
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
        Map<String, Object> config = EngineCalls.config("x:1", List.of("true"), List.of(), Map.of("k", "v"), Map.of());

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

    /** Answers each connection with the next scripted answer (or never), and keeps what it was asked. */
    private static final class ScriptedEngine implements AutoCloseable {
        private final ServerSocketChannel server;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        private final Thread acceptor;

        ScriptedEngine(Path socket) throws IOException {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            acceptor = Thread.ofPlatform().daemon().start(this::serve);
        }

        void answer(int status, String body) {
            answers.add("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        }

        void answerNever() {
            answers.add("");
        }

        String request() throws InterruptedException {
            String request = requests.poll(5, TimeUnit.SECONDS);
            assertThat(request).as("a request reached the engine").isNotNull();
            return request;
        }

        private void serve() {
            while (server.isOpen()) {
                try (SocketChannel client = server.accept()) {
                    requests.add(readRequest(client));
                    String answer = answers.take();
                    if (answer.isEmpty()) {
                        // never answers: holds the connection until the client gives up
                        client.read(ByteBuffer.allocate(1));
                        continue;
                    }
                    client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        /** The head and, if it says Content-Length, the body. */
        private static String readRequest(SocketChannel client) throws IOException {
            StringBuilder text = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (true) {
                int head = text.indexOf("\r\n\r\n");
                if (head >= 0) {
                    int length = contentLength(text.substring(0, head));
                    if (text.length() - head - 4 >= length) {
                        return text.toString();
                    }
                }
                buffer.clear();
                if (client.read(buffer) < 0) {
                    return text.toString();
                }
                text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
            }
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).strip());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
