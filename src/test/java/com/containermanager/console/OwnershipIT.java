package com.containermanager.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.ConsoleClient;
import com.containermanager.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Another user's container is "not found" on every new endpoint, and nothing about it reaches the engine. */
class OwnershipIT extends IntegrationTest {

    @Test
    void shouldAnswer404ForAnotherUsersContainerOnEveryEndpointWithoutAskingTheEngine() {
        ApiClient.Session owner = api.newUser("owner");
        ApiClient.Session intruder = api.newUser("intruder");
        String id = startedContainer(owner, List.of("sleep", "3600"));
        String path = "/containers/" + id;

        List<ApiClient.Response> answers = List.of(
                api.get(path + "/logs", intruder.token()),
                api.send(api.request(path + "/logs", intruder.token())
                        .header("Accept", "application/x-ndjson")
                        .GET()),
                api.get(path + "/logs?follow=true", intruder.token()),
                api.get(path + "/stats", intruder.token()),
                api.get(path + "/stats?stream=true", intruder.token()),
                api.post(path + "/exec", ApiClient.json(Map.of("cmd", List.of("id"))), intruder.token()),
                api.post(path + "/console", "{}", intruder.token()),
                api.patch(path + "/restart", intruder.token()));
        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(404);
            assertThat(answer.error()).isEqualTo("container not found");
        }
        assertThat(ConsoleIT.handshakeStatus(() -> ConsoleClient.withToken(port, id, intruder.token())))
                .isEqualTo(404);

        for (String operation : List.of("logs", "stats", "stats_stream", "exec_create", "restart", "inspect")) {
            assertThat(counting().calls(operation, id)).as(operation).isZero();
        }
        assertThat(api.get("/audit?limit=5", intruder.token()).body()).contains("not_found");
        assertThat(api.get(path + "/logs", null).status()).isEqualTo(401);
        assertThat(api.get("/events", null).status()).isEqualTo(401);
    }
}
