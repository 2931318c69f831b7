package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EnginePullTimeoutException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ImagePullException;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.LogRequest;
import com.containermanager.runtime.OutputKind;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.runtime.RegistrySettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 as the engine speaks it, against a scripted engine: bodies framed by Content-Length or chunks (and both),
 * answers without a body, answers cut short or not HTTP at all, error bodies, multiplexed output, the hijacked
 * attach, and the deadlines of streams and pulls. The real engine's side of the same is DockerAdapterIT.
 */
class EngineHttpTest {

    private static final Duration HEADERS_WITHIN = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private ScriptedEngine engine;
    private EngineHttp http;

    @BeforeEach
    void start() throws IOException {
        Path socket = dir.resolve("engine.sock");
        engine = new ScriptedEngine(socket);
        http = new EngineHttp(EngineTransport.of(ScriptedEngine.address(socket), false, dir), HEADERS_WITHIN);
    }

    @AfterEach
    void stop() throws IOException {
        engine.close();
    }

    private EngineHttp.Answer get() {
        return http.exchange("GET", "/x", null, Duration.ofSeconds(5));
    }

    private static String text(EngineHttp.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadABodyByItsContentLength() {
        engine.raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(text(get())).isEqualTo("hello");
    }

    @Test
    void shouldDecodeChunksWithExtensionsAndTrailers() {
        engine.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n");

        assertThat(text(get())).isEqualTo("hello, world");
    }

    @Test
    void shouldTakeChunksOverAContentLengthWhenAnAnswerHasBoth() {
        engine.raw("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");

        assertThat(text(get())).isEqualTo("hello");
    }

    @Test
    void shouldReadNoBodyAfterNotModifiedOrNoContent() throws Exception {
        // A 304 or 204 that (wrongly) carries bytes after its head: they are not its body.
        engine.raw("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello");
        engine.raw("HTTP/1.1 204 No Content\r\n\r\n");

        EngineHttp.Answer notModified = get();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(get().status()).isEqualTo(204);
    }

    @Test
    void shouldReadABodyWithoutLengthUntilTheEngineCloses() {
        engine.raw("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nall of it");

        assertThat(text(get())).isEqualTo("all of it");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\ncut inside",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Le",
                "SSH-2.0-OpenSSH_9.2\r\n",
                "HTTP/1.1 OK 200\r\n\r\n",
                ""
            })
    void shouldFailACutOrMalformedAnswerAsUnavailableNeverAsAShorterBody(String answer) {
        engine.raw(answer);

        assertThatThrownBy(this::get).isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void shouldTurnAStreamsErrorBodyIntoTheEnginesWords() {
        engine.answer(404, "{\"message\":\"No such container: c\"}");
        engine.answer(409, "{\"message\":\"Container c is not running\"}");
        engine.answer(500, "{\"message\":\"driver \\\"json-file\\\" failed\"}");
        engine.raw("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");

        assertThatThrownBy(() -> http.send("GET", "/containers/c/logs", null, false))
                .isInstanceOf(EngineNoSuchContainerException.class);
        assertThatThrownBy(() -> http.send("POST", "/exec/e/start", null, true))
                .isInstanceOf(EngineContainerNotRunningException.class);
        assertThatThrownBy(() -> http.send("GET", "/containers/c/stats", null, false))
                .isInstanceOf(EngineRefusedException.class)
                .hasMessageContaining("driver \\\"json-file\\\" failed");
        assertThatThrownBy(() -> http.send("GET", "/events", null, false))
                .isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void shouldSplitMultiplexedFramesCutAcrossChunksIntoLinesOfEachStream() throws Exception {
        byte[] frames = concat(frame(1, "out-1\nout-"), frame(2, "err-1\n"), frame(1, "2\n"), frame(2, "no line end"));
        // Chunks of 5 bytes: frame headers and lines are cut everywhere.
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < frames.length; i += 5) {
            int n = Math.min(5, frames.length - i);
            body.append(Integer.toHexString(n))
                    .append("\r\n")
                    .append(new String(frames, i, n, StandardCharsets.ISO_8859_1))
                    .append("\r\n");
        }
        engine.raw("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + body + "0\r\n\r\n");

        List<LogLine> lines = new ArrayList<>();
        try (LineStream stream = new EngineStreams(http, Map.of())
                .logs("c", false, new LogRequest(10, null, null, false, true, true, false))) {
            for (LogLine line = stream.next(); line != null; line = stream.next()) {
                lines.add(line);
            }
        }

        assertThat(engine.request()).startsWith("GET /containers/c/logs?tail=10&stdout=1&stderr=1&timestamps=0");
        assertThat(lines)
                .containsExactly(
                        new LogLine(OutputKind.STDOUT, null, "out-1"),
                        new LogLine(OutputKind.STDERR, null, "err-1"),
                        new LogLine(OutputKind.STDOUT, null, "out-2"),
                        new LogLine(OutputKind.STDERR, null, "no line end"));
    }

    @Test
    void shouldAskForAnUpgradeAndThenSpeakRawBothWaysOnTheHijackedConnection() throws Exception {
        // The engine switches protocols, then echoes what the client types, as a TTY does.
        engine.script(client -> {
            ScriptedEngine.write(
                    client,
                    "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                            + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            ByteBuffer typed = ByteBuffer.allocate(64);
            while (client.read(typed) >= 0) {
                typed.flip();
                ScriptedEngine.write(client, "echo: " + StandardCharsets.UTF_8.decode(typed));
                typed.clear();
            }
        });

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ExecAttachment attachment = new EngineStreams(http, Map.of()).startExec("e", true)) {
            attachment.write("ls\n".getBytes(StandardCharsets.UTF_8));
            while (!output.toString(StandardCharsets.UTF_8).contains("ls\n")) {
                assertThat(attachment.read((stream, data, offset, length) -> output.write(data, offset, length)))
                        .isTrue();
            }
        }

        String request = engine.request();
        assertThat(request)
                .startsWith("POST /exec/e/start HTTP/1.1")
                .contains("Connection: Upgrade\r\n", "Upgrade: tcp\r\n", "{\"Detach\":false,\"Tty\":true}");
        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("echo: ls\n");
    }

    @Test
    void shouldReadAHijackedStreamWithoutTtyAsFrames() throws Exception {
        engine.raw(concat(
                "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1),
                frame(1, "out"),
                frame(2, "err")));

        List<String> output = new CopyOnWriteArrayList<>();
        try (ExecAttachment attachment = new EngineStreams(http, Map.of()).startExec("e", false)) {
            while (attachment.read((stream, data, offset, length) ->
                    output.add(stream + ":" + new String(data, offset, length, StandardCharsets.UTF_8)))) {
                // until the process's output ends
            }
        }

        assertThat(output).containsExactly("STDOUT:out", "STDERR:err");
    }

    @Test
    void shouldFailAStreamWhoseEngineAcceptsButNeverAnswersWithinItsDeadline() {
        engine.answerNever();
        engine.answerNever();
        long started = System.nanoTime();

        assertThatThrownBy(() -> new EngineStreams(http, Map.of())
                        .logs("c", false, new LogRequest(10, null, null, false, true, true, true)))
                .isInstanceOf(EngineUnavailableException.class)
                .cause()
                .hasMessageContaining("did not answer within");
        assertThatThrownBy(() -> new EngineStreams(http, Map.of()).startExec("e", true))
                .isInstanceOf(EngineUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldLetAStreamLastPastTheHeadersDeadlineOnceItsHeadersCame() throws Exception {
        engine.script(client -> {
            ScriptedEngine.write(client, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            Thread.sleep(HEADERS_WITHIN.multipliedBy(3).toMillis());
            ScriptedEngine.write(client, "5\r\nlate\n\r\n0\r\n\r\n");
        });

        try (LineStream stream = new EngineStreams(http, Map.of())
                .logs("c", true, new LogRequest(10, null, null, false, true, true, true))) {
            assertThat(stream.next()).isEqualTo(new LogLine(OutputKind.STDOUT, null, "late"));
        }
    }

    @Test
    void shouldPullWithTheConfiguredCredentialsAndSumTheProgressOfLayers() throws Exception {
        Path credentials = Files.writeString(
                dir.resolve("config.json"),
                "{\"auths\": {\"registry.example.com\": {\"username\": \"team\", \"password\": \"p:w\"}}}");
        ImagePulls pulls = pulls(List.of("registry.example.com", "docker.io"), credentials, Duration.ofSeconds(5));
        engine.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk("""
                {"status":"Pulling from team/app","id":"1"}
                {"status":"Downloading","progressDetail":{"current":10,"total":100},"id":"a"}
                {"status":"Downloading","progressDetail":{"current":5,"total":50},"id":"b"}
                {"status":"Downloading","progressDetail":{"current":100,"total":100},"id":"a"}
                """) + "0\r\n\r\n");
        engine.raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");

        List<long[]> progress = new ArrayList<>();
        pulls.pull("registry.example.com/team/app:1", (current, total) -> progress.add(new long[] {current, total}));
        String request = engine.request();
        pulls.pull("alpine", (current, total) -> {});

        assertThat(request).startsWith("POST /images/create?fromImage=registry.example.com%2Fteam%2Fapp&tag=1 ");
        String auth = request.lines()
                .filter(line -> line.startsWith("X-Registry-Auth: "))
                .findFirst()
                .orElseThrow()
                .substring("X-Registry-Auth: ".length());
        assertThat(new String(Base64.getUrlDecoder().decode(auth), StandardCharsets.UTF_8))
                .isEqualTo("{\"username\":\"team\",\"password\":\"p:w\",\"serveraddress\":\"registry.example.com\"}");
        assertThat(progress).extracting(p -> p[0] + "/" + p[1]).containsExactly("10/100", "15/150", "105/150");
        assertThat(engine.request())
                .as("no credentials for Docker Hub: none sent")
                .startsWith("POST /images/create?fromImage=alpine&tag=latest ")
                .doesNotContain("X-Registry-Auth");
    }

    @Test
    void shouldTellAPullsFailureInOurWordsWhetherAnswerOrStreamSaysIt() {
        ImagePulls pulls = pulls(List.of("docker.io"), null, Duration.ofSeconds(5));
        engine.answer(404, "{\"message\":\"pull access denied for nope, repository does not exist\"}");
        engine.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("{\"status\":\"Pulling\"}\n{\"errorDetail\":{\"message\":\"manifest unknown\"},"
                        + "\"error\":\"manifest unknown\"}\n")
                + "0\r\n\r\n");
        engine.answer(500, "{\"message\":\"Get https://registry-1.docker.io/v2/: dial tcp: i/o timeout\"}");

        assertThatThrownBy(() -> pulls.pull("nope", (c, t) -> {}))
                .isInstanceOf(ImagePullException.class)
                .hasMessage("image not found");
        assertThatThrownBy(() -> pulls.pull("alpine", (c, t) -> {}))
                .isInstanceOf(ImagePullException.class)
                .hasMessage("image not found");
        assertThatThrownBy(() -> pulls.pull("alpine", (c, t) -> {}))
                .isInstanceOf(ImagePullException.class)
                .hasMessage("registry unreachable");
        assertThatThrownBy(() -> pulls.pull("ghcr.io/o/app", (c, t) -> {}))
                .isInstanceOf(ImagePullException.class)
                .hasMessage("registry not allowed");
    }

    @Test
    void shouldEndAPullWhoseEngineSaysNothingPastItsDeadline() {
        ImagePulls pulls = pulls(List.of("docker.io"), null, Duration.ofMillis(500));
        // The engine holds its headers back while the registry trickles the manifest.
        engine.answerNever();
        long started = System.nanoTime();

        assertThatThrownBy(() -> pulls.pull("alpine", (c, t) -> {})).isInstanceOf(EnginePullTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldEndAPullThatTricklesPastItsDeadline() {
        ImagePulls pulls = pulls(List.of("docker.io"), null, Duration.ofMillis(500));
        engine.script(client -> {
            ScriptedEngine.write(client, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 100; i++) {
                ScriptedEngine.write(client, chunk("{\"status\":\"Waiting\",\"id\":\"a\"}\n"));
                Thread.sleep(100);
            }
        });
        long started = System.nanoTime();

        assertThatThrownBy(() -> pulls.pull("alpine", (c, t) -> {})).isInstanceOf(EnginePullTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private ImagePulls pulls(List<String> allowed, Path credentials, Duration deadline) {
        return new ImagePulls(http, new RegistryPolicy(new RegistrySettings(allowed, credentials)), deadline);
    }

    private static String chunk(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(bytes.length) + "\r\n" + new String(bytes, StandardCharsets.ISO_8859_1) + "\r\n";
    }

    static byte[] frame(int type, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + data.length);
        frame.put((byte) type).put(new byte[3]).putInt(data.length).put(data);
        return frame.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void shouldDecodeChunkedBodies() throws IOException {
        byte[] chunked = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        byte[] body = new EngineHttp.ChunkedInput(new ByteArrayInputStream(chunked)).readAllBytes();

        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("hello, world");
    }

    @Test
    void shouldSayNothingIsAvailableBetweenChunksEvenWithTheirCrlfBuffered() throws IOException {
        byte[] chunked = "5\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        EngineHttp.ChunkedInput input =
                new EngineHttp.ChunkedInput(new java.io.BufferedInputStream(new ByteArrayInputStream(chunked)));

        byte[] five = new byte[5];
        assertThat(input.read(five, 0, 5)).isEqualTo(5);

        // Only the chunk's CRLF is left: a follower that waited for "more" here would hold a line back.
        assertThat(input.available()).isZero();
    }
}
