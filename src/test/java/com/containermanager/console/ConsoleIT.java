package com.containermanager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.ConsoleClient;
import com.containermanager.support.IntegrationTest;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The interactive console over a real WebSocket client, against a real container. */
class ConsoleIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String ticket(ApiClient.Session user, String id) {
        ApiClient.Response ticket = api.post("/containers/" + id + "/console", "{}", user.token());
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(200);
        assertThat(ticket.json().get("expires_in").asInt()).isEqualTo(30);
        return ticket.json().get("ticket").asString();
    }

    @Test
    void shouldRoundTripInputAndOutputResizeAndReportTheExit() throws Exception {
        ApiClient.Session user = api.newUser("console");
        String id = startedContainer(user, List.of("sleep", "3600"));

        try (ConsoleClient console = ConsoleClient.withTicket(port, id, ticket(user, id))) {
            console.input("echo hi\n");
            assertThat(console.awaitOutput("hi\r\n", WAIT)).contains("echo hi");

            console.resize(123, 45);
            console.input("stty size\n");
            console.awaitOutput("45 123", WAIT);

            console.input("exit 3\n");
            JsonNode exit = console.awaitExit(WAIT);
            assertThat(exit).as("an exit message").isNotNull();
            assertThat(exit.get("code").asInt()).isEqualTo(3);
            assertThat(console.awaitClose(WAIT)).isEqualTo(1000);
        }
        await().atMost(WAIT)
                .until(
                        () -> api.get("/audit?limit=10", user.token()).body(),
                        audit ->
                                audit.contains("container.console.close") && audit.contains("process exited (exit 3)"));
    }

    @Test
    void shouldAcceptTheTokenAsSubprotocolAndEndTheProcessWhenTheSocketCloses() throws Exception {
        ApiClient.Session user = api.newUser("console-token");
        String id = startedContainer(user, List.of("sleep", "3600"));

        ConsoleClient console = ConsoleClient.withToken(port, id, user.token());
        assertThat(console.subprotocol()).isEqualTo("bearer");
        console.input("sleep 4321\n");
        await().atMost(WAIT).until(() -> ExecIT.processes(id).contains("sleep 4321"));

        console.close();

        await().atMost(WAIT).until(() -> !ExecIT.processes(id).contains("sleep 4321"));
        assertThat(ExecIT.processes(id)).as("the shell is gone too").doesNotContain("/bin/sh");
        assertThat(ExecIT.processes(id)).as("the container itself runs on").contains("sleep 3600");
    }

    @Test
    void shouldRefuseHandshakesWithoutAValidTicketOrToken() {
        ApiClient.Session user = api.newUser("console-refused");
        ApiClient.Session other = api.newUser("console-other");
        String id = startedContainer(user, List.of("sleep", "3600"));
        String otherId = startedContainer(other, List.of("sleep", "3600"));
        String ticket = ticket(user, id);

        assertThat(handshakeStatus(() -> ConsoleClient.withTicket(port, otherId, ticket)))
                .as("a ticket is bound to its container")
                .isEqualTo(401);
        assertThat(handshakeStatus(() -> ConsoleClient.withTicket(port, id, ticket)))
                .as("and used up even by a wrong attempt")
                .isEqualTo(401);
        assertThat(handshakeStatus(() -> ConsoleClient.withToken(port, id, "not-a-token")))
                .isEqualTo(401);
        assertThat(handshakeStatus(() -> ConsoleClient.withToken(port, otherId, user.token())))
                .as("someone else's container")
                .isEqualTo(404);

        String fresh = ticket(user, id);
        try (ConsoleClient used = ConsoleClient.withTicket(port, id, fresh)) {
            assertThat(handshakeStatus(() -> ConsoleClient.withTicket(port, id, fresh)))
                    .as("single use")
                    .isEqualTo(401);
        }
        assertThat(api.post("/containers/" + otherId + "/console", "{}", user.token())
                        .status())
                .isEqualTo(404);
        ApiClient.Response badCmd =
                api.post("/containers/" + id + "/console", ApiClient.json(Map.of("cmd", List.of())), user.token());
        assertThat(badCmd.status()).isEqualTo(400);
    }

    @Test
    void shouldRefuseAStoppedContainer() {
        ApiClient.Session user = api.newUser("console-stopped");
        String id = createContainer(user, List.of("sleep", "3600"));

        assertThat(handshakeStatus(() -> ConsoleClient.withTicket(port, id, ticket(user, id))))
                .isEqualTo(409);
    }

    /** Gone from the engine behind the service's back: the same 404 as every endpoint, not an engine outage. */
    @Test
    void shouldAnswerNotFoundForAContainerGoneFromTheEngine() {
        ApiClient.Session user = api.newUser("console-gone");
        String id = startedContainer(user, List.of("sleep", "3600"));
        String ticket = ticket(user, id);
        com.containermanager.support.EngineFixture.remove(id);

        assertThat(handshakeStatus(() -> ConsoleClient.withTicket(port, id, ticket)))
                .isEqualTo(404);
    }

    static int handshakeStatus(java.util.function.Supplier<ConsoleClient> connect) {
        try {
            connect.get().close();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the handshake succeeded");
    }
}
