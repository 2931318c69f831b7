package com.containermanager.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import com.containermanager.support.TtyContainers;
import com.containermanager.web.EventStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Logs against the real engine: both streams decoded, with and without a TTY, as text, NDJSON and followed. */
class LogsIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    OwnershipRepository ownership;

    @Autowired
    EventStreams streams;

    private List<JsonNode> ndjson(String path, String token) {
        ApiClient.Response response = api.send(api.request(path, token)
                .header("Accept", "application/x-ndjson")
                .GET());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        response.body().lines().forEach(line -> lines.add(JSON.readTree(line)));
        return lines;
    }

    @Test
    void shouldDecodeStdoutAndStderrOfAContainerWithoutATty() {
        ApiClient.Session user = api.newUser("logs");
        String id = startedContainer(
                user, List.of("sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2; sleep 3600"));
        String logs = "/containers/" + id + "/logs";

        List<JsonNode> lines = await().atMost(WAIT).until(() -> ndjson(logs, user.token()), found -> found.size() == 4);

        assertThat(lines)
                .filteredOn(line -> line.get("stream").asString().equals("stdout"))
                .extracting(line -> line.get("line").asString())
                .containsExactly("out-1", "out-2");
        assertThat(lines)
                .filteredOn(line -> line.get("stream").asString().equals("stderr"))
                .extracting(line -> line.get("line").asString())
                .containsExactly("err-1", "err-2");
        assertThat(lines).allSatisfy(line -> assertThat(line.has("time")).isFalse());

        ApiClient.Response text = api.get(logs, user.token());
        assertThat(text.header("Content-Type")).startsWith("text/plain");
        assertThat(text.body().lines()).containsExactlyInAnyOrder("out-1", "err-1", "out-2", "err-2");

        assertThat(api.get(logs + "?stdout=false", user.token()).body().lines()).containsExactly("err-1", "err-2");
        // the engine counts the tail over both streams, before it picks stdout or stderr
        assertThat(api.get(logs + "?tail=1", user.token()).body().lines()).hasSize(1);
        assertThat(api.get(logs + "?tail=0", user.token()).body()).isEmpty();
        assertThat(api.get(logs + "?timestamps=true&stderr=false", user.token())
                        .body()
                        .lines())
                .allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z out-\\d"));
        assertThat(ndjson(logs + "?timestamps=true", user.token()))
                .allSatisfy(line -> assertThat(line.get("time").asString()).startsWith("20"));
        assertThat(api.get(logs + "?since=2999-01-01T00:00:00Z", user.token()).body())
                .isEmpty();
    }

    @Test
    void shouldReadATtyContainersLogAsStdoutWithoutCarriageReturns() {
        ApiClient.Session user = api.newUser("tty-logs");
        String id = TtyContainers.startedFor(
                ownership, runtime, user, List.of("sh", "-c", "echo tty-out; echo tty-err >&2; sleep 3600"));
        String logs = "/containers/" + id + "/logs";

        List<JsonNode> lines = await().atMost(WAIT).until(() -> ndjson(logs, user.token()), found -> found.size() == 2);

        assertThat(lines).extracting(line -> line.get("stream").asString()).containsOnly("stdout");
        assertThat(lines).extracting(line -> line.get("line").asString()).containsExactly("tty-out", "tty-err");
        assertThat(api.get(logs, user.token()).body()).isEqualTo("tty-out\ntty-err\n");
    }

    @Test
    void shouldFollowNewLinesAndEndWhenTheContainerStops() throws Exception {
        ApiClient.Session user = api.newUser("follow");
        // Says bye on SIGTERM (after the current one-second sleep), then exits.
        String id = startedContainer(
                user, List.of("sh", "-c", "echo first; trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"));
        await().atMost(WAIT)
                .until(() -> api.get("/containers/" + id + "/logs", user.token())
                        .body()
                        .contains("first"));

        try (SseClient follow =
                new SseClient(api.request("/containers/" + id + "/logs?follow=true&tail=10", user.token())
                        .GET())) {
            assertThat(follow.status()).isEqualTo(200);
            assertThat(follow.contentType()).startsWith("text/event-stream");
            SseClient.Event first = follow.next("log", WAIT);
            assertThat(JSON.readTree(first.data()).get("line").asString()).isEqualTo("first");
            assertThat(JSON.readTree(first.data()).get("stream").asString()).isEqualTo("stdout");

            assertThat(api.patch("/containers/" + id + "/stop?timeout=20", user.token())
                            .status())
                    .isEqualTo(200);

            SseClient.Event bye = follow.next("log", WAIT);
            assertThat(JSON.readTree(bye.data()).get("line").asString()).isEqualTo("bye");
            SseClient.Event end = follow.next(WAIT);
            assertThat(end.name()).isEqualTo("end");
            assertThat(JSON.readTree(end.data()).get("reason").asString()).isEqualTo("container stopped");
            assertThat(follow.next(WAIT)).isSameAs(SseClient.END_OF_STREAM);
        }
    }

    @Test
    void shouldStopFollowingWhenTheClientGoesAway() throws Exception {
        ApiClient.Session user = api.newUser("gone");
        String id = startedContainer(user, List.of("sleep", "3600"));
        int before = streams.openCount("log_follow");

        SseClient follow = new SseClient(api.request("/containers/" + id + "/logs?follow=true", user.token())
                .GET());
        assertThat(follow.nextComment(WAIT))
                .as("keep-alive comments on a quiet log")
                .isEqualTo("keep-alive");
        assertThat(streams.openCount("log_follow")).isEqualTo(before + 1);
        assertThat(management.get("/actuator/prometheus", null).body())
                .contains("cm_streams_open{kind=\"log_follow\"}");
        follow.close();

        await().atMost(WAIT).until(() -> streams.openCount("log_follow") == before);
    }

    @Test
    void shouldRefuseInvalidParameters() {
        ApiClient.Session user = api.newUser("bad-logs");
        String id = createContainer(user, List.of("true"));

        ApiClient.Response tooMany = api.get("/containers/" + id + "/logs?tail=10001", user.token());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.error()).isEqualTo("tail must be between 0 and 10000");
        ApiClient.Response badSince = api.get("/containers/" + id + "/logs?since=yesterday", user.token());
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.error()).startsWith("invalid since");
        ApiClient.Response sse =
                api.send(api.request("/containers/" + "0".repeat(64) + "/logs?follow=true", user.token())
                        .header("Accept", "text/event-stream")
                        .GET());
        assertThat(sse.status()).isEqualTo(404);
        assertThat(sse.error()).isEqualTo("container not found");
    }
}
