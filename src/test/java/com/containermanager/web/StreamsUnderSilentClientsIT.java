package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One user follows the log of a chatty container from clients that never read, until the server's writes to them
 * block. Keep-alives of everybody else's streams still go out on time (one second apart here), and the silent
 * clients are dropped after a bounded time, which gives their slots back while their sockets are still open.
 */
class StreamsUnderSilentClientsIT extends IntegrationTest {

    private static final int SILENT = 8;

    @Test
    void shouldKeepOthersStreamsAliveAndDropClientsThatDoNotRead() throws Exception {
        ApiClient.Session noisy = api.newUser("silent-follower");
        ApiClient.Session other = api.newUser("keep-alive-reader");
        String id = startedContainer(
                noisy,
                List.of("sh", "-c", "line=$(head -c 2000 /dev/zero | tr '\\000' x); while true; do echo $line; done"));
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < SILENT; i++) {
                silent.add(silentFollow(id, noisy.token()));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/containers/" + id + "/logs?follow=true", noisy.token())
                                    .status()
                            == 429);

            try (SseClient events = new SseClient(api.request("/events", other.token()))) {
                assertThat(events.status()).isEqualTo(200);
                long started = System.nanoTime();
                for (int i = 0; i < 4; i++) {
                    assertThat(events.nextComment(Duration.ofSeconds(3)))
                            .as("keep-alive %d of the other user's stream", i)
                            .isEqualTo("keep-alive");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            }

            // Dropped after the server's write timeout: a follow opens again while the silent sockets stay open.
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        ApiClient.Response probe = api.get("/containers/" + id + "/logs?tail=0", noisy.token());
                        return probe.status() == 200 && followOpens(id, noisy.token());
                    });
            assertThat(silent).noneMatch(Socket::isClosed);
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    private boolean followOpens(String id, String token) throws Exception {
        try (SseClient follow = new SseClient(api.request("/containers/" + id + "/logs?follow=true&tail=0", token))) {
            return follow.status() == 200;
        }
    }

    /** A follow from a socket with a small receive buffer that reads the status line, then nothing more. */
    private Socket silentFollow(String id, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        String request = "GET /containers/" + id + "/logs?follow=true&tail=0 HTTP/1.1\r\n" + "Host: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        byte[] head = new byte[12];
        int read = socket.getInputStream().readNBytes(head, 0, head.length);
        assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        return socket;
    }
}
