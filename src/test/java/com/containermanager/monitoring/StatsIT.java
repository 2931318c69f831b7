package com.containermanager.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StatsIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldReportTheFiguresOfABusyContainer() {
        ApiClient.Session user = api.newUser("stats");
        String id = startedContainer(user, List.of("sh", "-c", "while true; do :; done"));

        JsonNode sample = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/containers/" + id + "/stats", user.token())
                                .json(),
                        stats -> stats.get("cpu_percent").asDouble() > 1);

        assertThat(sample.get("state").asString()).isEqualTo("running");
        assertThat(sample.get("memory_bytes").asLong()).isPositive();
        assertThat(sample.get("memory_limit_bytes").asLong())
                .as("containers.memory")
                .isEqualTo(1L << 30);
        assertThat(sample.get("pids").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(sample.get("network_rx_bytes").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(sample.get("block_read_bytes").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(sample.get("time").asString()).startsWith("20");
    }

    @Test
    void shouldAnswerZerosAndTheStateOfAStoppedContainer() {
        ApiClient.Session user = api.newUser("stats-stopped");
        String id = createContainer(user, List.of("sleep", "3600"));

        ApiClient.Response stats = api.get("/containers/" + id + "/stats", user.token());

        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.json().get("state").asString()).isEqualTo("created");
        assertThat(stats.json().get("memory_bytes").asLong()).isZero();
        assertThat(stats.json().get("cpu_percent").asDouble()).isZero();
        assertThat(stats.json().get("pids").asLong()).isZero();
    }

    @Test
    void shouldStreamASampleASecondAndFollowTheContainerThroughAStop() throws Exception {
        ApiClient.Session user = api.newUser("stats-stream");
        String id = startedContainer(user, List.of("sleep", "3600"));

        try (SseClient stream = new SseClient(api.request("/containers/" + id + "/stats?stream=true", user.token())
                .GET())) {
            assertThat(stream.contentType()).startsWith("text/event-stream");
            JsonNode first =
                    JSON.readTree(stream.next("stats", Duration.ofSeconds(30)).data());
            JsonNode second =
                    JSON.readTree(stream.next("stats", Duration.ofSeconds(30)).data());
            assertThat(first.get("state").asString()).isEqualTo("running");
            assertThat(second.get("memory_bytes").asLong()).isPositive();
            assertThat(second.get("time").asString())
                    .isGreaterThan(first.get("time").asString());

            assertThat(api.patch("/containers/" + id + "/stop?timeout=0", user.token())
                            .status())
                    .isEqualTo(200);
            SseClient.Event stopped = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> stream.next("stats", Duration.ofSeconds(5)),
                            event -> event != null
                                    && JSON.readTree(event.data())
                                            .get("state")
                                            .asString()
                                            .equals("exited"));
            assertThat(JSON.readTree(stopped.data()).get("memory_bytes").asLong())
                    .isZero();
        }
    }
}
