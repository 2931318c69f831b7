package com.containermanager.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Proof that logs stream: Failsafe runs this class in a JVM with a 128 MiB heap (see pom.xml). A container prints
 * 100,000 lines of 2 KiB (about 200 MiB) while a client follows its log, and the client receives every line, then
 * the end. Held whole anywhere in the service, the log could not fit; the client counts lines and keeps none.
 */
class LargeLogSmallHeapIT extends IntegrationTest {

    /**
     * One log file large enough for the whole output: a follow that falls behind by more than the kept files of a
     * rotated log (10 MB x 3 by default) misses lines at the engine, which would say nothing about the service.
     */
    @DynamicPropertySource
    static void oneLargeLogFile(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "large-log");
        registry.add("cm.docker.log-max-size", () -> "512MB");
        registry.add("cm.docker.log-max-files", () -> "1");
    }

    private static final int LINES = 100_000;
    private static final int LINE_LENGTH = 2048;

    @Test
    void shouldStreamALogLargerThanTheHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the heap this proof relies on")
                .isLessThan((long) LINES * LINE_LENGTH);
        ApiClient.Session user = api.newUser("large-log");
        // Waits for /tmp/go, then prints the numbered lines and exits, which ends the follow.
        String id = startedContainer(
                user,
                List.of(
                        "sh",
                        "-c",
                        "while [ ! -f /tmp/go ]; do sleep 0.1; done; pad=$(head -c " + (LINE_LENGTH - 9)
                                + " /dev/zero | tr '\\000' x); i=0; while [ $i -lt " + LINES
                                + " ]; do echo \"$i $pad\"; i=$((i+1)); done"));
        HttpResponse<InputStream> follow = HttpClient.newHttpClient()
                .send(
                        api.request("/containers/" + id + "/logs?follow=true&tail=0", user.token())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(follow.statusCode()).isEqualTo(200);
        ApiClient.Response go = api.post(
                "/containers/" + id + "/exec",
                ApiClient.json(Map.of("cmd", List.of("touch", "/tmp/go"))),
                user.token());
        assertThat(go.status()).as(go.body()).isEqualTo(200);

        long lines = 0;
        long bytes = 0;
        String last = null;
        boolean ended = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(follow.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.equals("event: end")) {
                    ended = true;
                } else if (line.startsWith("data: {\"stream\"")) {
                    lines++;
                    bytes += line.length();
                    last = line;
                }
            }
        }

        assertThat(lines).isEqualTo(LINES);
        assertThat(bytes)
                .as("bytes streamed, more than the heap")
                .isGreaterThan(Runtime.getRuntime().maxMemory());
        assertThat(last).contains("\"line\":\"" + (LINES - 1) + " xxx");
        assertThat(ended).as("the follow ended with the container").isTrue();
    }
}
