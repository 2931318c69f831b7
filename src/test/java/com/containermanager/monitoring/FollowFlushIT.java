package com.containermanager.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A followed line goes out on its own: with the keep-alive five minutes away, nothing else flushes it. */
class FollowFlushIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void farKeepAlive(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "follow-flush");
        registry.add("cm.web.keep-alive", () -> "5m");
    }

    @Test
    void shouldSendAFollowedLineAtOnceNotWithTheNextKeepAlive() throws Exception {
        ApiClient.Session user = api.newUser("prompt");
        String id = startedContainer(
                user, List.of("sh", "-c", "while [ ! -f /tmp/go ]; do sleep 0.1; done; echo one; sleep 3600"));
        try (SseClient follow =
                new SseClient(api.request("/containers/" + id + "/logs?follow=true&tail=0", user.token())
                        .GET())) {
            ApiClient.Response go = api.post(
                    "/containers/" + id + "/exec",
                    ApiClient.json(java.util.Map.of("cmd", List.of("touch", "/tmp/go"))),
                    user.token());
            assertThat(go.status()).isEqualTo(200);

            SseClient.Event one = follow.next("log", WAIT);
            assertThat(one)
                    .as("the line, long before a keep-alive (5 min) would flush it")
                    .isNotNull();
            assertThat(one.data()).contains("\"line\":\"one\"");
        }
    }
}
