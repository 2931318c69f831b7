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

    /**
     * A client that stops reading while the console prints: the server's sends fail (the send buffer limit), which
     * is the client gone, not the process exited. The process is killed, the audit says why, the slot comes back.
     */
    @Test
    void shouldKillTheProcessWhenTheClientStopsReading() throws Exception {
        ApiClient.Session user = api.newUser("console-unread");
        String id = startedContainer(user, List.of("sleep", "3600"));

        // By its path: busybox's shell runs a bare "yes" as an applet in a child that ps shows as /bin/sh.
        try (java.net.Socket silent = rawConsole(id, ticket(user, id), "/bin/yes%20console-unread-marker")) {
            await().atMost(WAIT).until(() -> ExecIT.processes(id).contains("console-unread-marker"));

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !ExecIT.processes(id).contains("console-unread-marker"));
            assertThat(silent.isClosed()).as("the client never closed its end").isFalse();
        }
        // Which side notices first is a race: our send failing (client gone) or the server's transport error
        // (connection lost). Either way the audit says the session ended for it, and that the process was killed.
        await().atMost(WAIT)
                .until(
                        () -> api.get("/audit?limit=10", user.token()).body(),
                        audit -> audit.contains("client gone, process killed")
                                || audit.contains("connection lost, process killed"));
        for (int i = 0; i < 3; i++) {
            ConsoleClient.withTicket(port, id, ticket(user, id)).close();
        }
    }

    /** A normal close by the client is recorded as that, not as the exit code of the kill that follows. */
    @Test
    void shouldRecordAClientsCloseAsSuch() throws Exception {
        ApiClient.Session user = api.newUser("console-closed");
        String id = startedContainer(user, List.of("sleep", "3600"));

        ConsoleClient.withTicket(port, id, ticket(user, id)).closeGracefully(WAIT);

        String audit = await().atMost(WAIT)
                .until(
                        () -> api.get("/audit?limit=10", user.token()).body(),
                        body -> body.contains("container.console.close"));
        assertThat(audit).contains("client closed, process killed").doesNotContain("exit 137");
    }

    /**
     * The killer is a process in the container too: with a /bin/sh that never exits, ending a console must still
     * return (within the killer's deadline), and the console's slot come back.
     */
    @Test
    void shouldEndAConsoleWhoseKillerNeverExits() throws Exception {
        ApiClient.Session user = api.newUser("console-stuck-killer");
        String id = startedContainer(user, List.of("sleep", "3600"));
        ConsoleClient console = ConsoleClient.withTicket(port, id, ticketFor(user, id, List.of("cat")));
        ExecIT.hangShell(api, user, id);

        long started = System.nanoTime();
        console.close();
        await().atMost(WAIT)
                .until(
                        () -> api.get("/audit?limit=10", user.token()).body(),
                        audit -> audit.contains("container.console.close"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
        for (int i = 0; i < 3; i++) {
            ConsoleClient.withTicket(port, id, ticketFor(user, id, List.of("cat")))
                    .close();
        }
    }

    /** Any failure between taking the console slot and the upgrade gives the slot back, not only the usual ones. */
    @Test
    void shouldGiveTheSlotBackWhenTheHandshakeFailsUnexpectedly() {
        ApiClient.Session user = api.newUser("console-handshake-failure");
        String id = startedContainer(user, List.of("sleep", "3600"));
        counting().failExecCreate(() -> new IllegalStateException("unexpected"));
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(handshakeStatus(() -> ConsoleClient.withTicket(port, id, ticket(user, id))))
                        .isEqualTo(500);
            }
        } finally {
            counting().failExecCreate(null);
        }

        for (int i = 0; i < 3; i++) {
            ConsoleClient.withTicket(port, id, ticket(user, id)).close();
        }
    }

    private String ticketFor(ApiClient.Session user, String id, List<String> cmd) {
        ApiClient.Response ticket =
                api.post("/containers/" + id + "/console", ApiClient.json(Map.of("cmd", cmd)), user.token());
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(200);
        return ticket.json().get("ticket").asString();
    }

    /** A WebSocket handshake by hand on a socket with a small receive buffer, which then never reads. */
    private java.net.Socket rawConsole(String id, String ticket, String cmd) throws Exception {
        java.net.Socket socket = new java.net.Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        String request = "GET /containers/" + id + "/console?ticket=" + ticket + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        byte[] head = new byte[12];
        int read = socket.getInputStream().readNBytes(head, 0, head.length);
        assertThat(new String(head, 0, read, java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("HTTP/1.1 101");
        // Type the command, then never read again.
        sendText(socket, "{\"type\":\"input\",\"data\":\"" + java.net.URLDecoder.decode(cmd, "UTF-8") + "\\n\"}");
        return socket;
    }

    /** One masked text frame (clients must mask), for payloads under 126 bytes. */
    private static void sendText(java.net.Socket socket, String text) throws java.io.IOException {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame);
        socket.getOutputStream().flush();
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
