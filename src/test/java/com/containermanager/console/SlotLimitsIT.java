package com.containermanager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.ConsoleClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The per-user limits on what stays open, and the idle console's end, with small settings. */
class SlotLimitsIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Consoles consoles;

    @DynamicPropertySource
    static void smallLimits(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "slot-limits");
        registry.add("cm.logs.max-follows-per-user", () -> "2");
        registry.add("cm.console.max-per-user", () -> "1");
        registry.add("cm.console.idle-timeout", () -> "2s");
        // a client that left is found at the next keep-alive comment: the freed follow slot is seen within WAIT
        registry.add("cm.web.keep-alive", () -> "1s");
    }

    @Test
    void shouldRefuseAFollowPastTheLimitAndAllowOneAgainOnceAFollowEnds() throws Exception {
        ApiClient.Session user = api.newUser("follows");
        ApiClient.Session other = api.newUser("follows-other");
        String id = startedContainer(user, List.of("sleep", "3600"));
        String otherId = startedContainer(other, List.of("sleep", "3600"));
        String follow = "/containers/" + id + "/logs?follow=true";

        SseClient first = new SseClient(api.request(follow, user.token()).GET());
        try (SseClient second = new SseClient(api.request(follow, user.token()).GET())) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);

            ApiClient.Response third = api.get(follow, user.token());
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.error()).isEqualTo("limit reached: log_follows (2)");
            try (SseClient others =
                    new SseClient(api.request("/containers/" + otherId + "/logs?follow=true", other.token())
                            .GET())) {
                assertThat(others.status()).as("the limit is per user").isEqualTo(200);
            }

            first.close();
            await().atMost(WAIT).until(() -> {
                try (SseClient again =
                        new SseClient(api.request(follow, user.token()).GET())) {
                    return again.status() == 200;
                }
            });
        }
    }

    @Test
    void shouldRefuseASecondConsoleAndCloseAnIdleOne() throws Exception {
        ApiClient.Session user = api.newUser("consoles");
        String id = startedContainer(user, List.of("sleep", "3600"));

        try (ConsoleClient console = ConsoleClient.withToken(port, id, user.token())) {
            assertThat(ConsoleIT.handshakeStatus(() -> ConsoleClient.withToken(port, id, user.token())))
                    .isEqualTo(429);
            console.input("sleep 999\n");
            await().atMost(WAIT).until(() -> ExecIT.processes(id).contains("sleep 999"));

            assertThat(console.awaitClose(WAIT)).as("closed for idleness").isEqualTo(4000);
        }
        await().atMost(WAIT).until(() -> !ExecIT.processes(id).contains("sleep 999"));
        await().atMost(WAIT).until(() -> consoles.openCount() == 0);
        try (ConsoleClient again = ConsoleClient.withToken(port, id, user.token())) {
            again.input("echo back\n");
            again.awaitOutput("back\r\n", WAIT);
        }
        assertThat(api.get("/audit?limit=10", user.token()).body()).contains("idle");
    }
}
