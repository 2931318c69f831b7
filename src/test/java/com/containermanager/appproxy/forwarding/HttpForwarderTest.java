package com.containermanager.appproxy.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The forwarder against a scripted app on a loopback socket of the test's own: what goes out (the head, a chunked
 * body re-chunked) and how an answer comes back (1xx skipped, chunks decoded, hop-by-hop headers dropped).
 */
class HttpForwarderTest {

    private final ScheduledThreadPoolExecutor timer = HttpForwarder.deadlineTimer("test-deadlines");
    private final HttpForwarder forwarder =
            new HttpForwarder(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), 1000, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** An app that reads the request head and body up to the terminating chunk, then answers the given bytes. */
    private static CompletableFuture<String> app(ServerSocket server, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                while (!received.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")
                        || (received.toString(StandardCharsets.ISO_8859_1).contains("chunked")
                                && !received.toString(StandardCharsets.ISO_8859_1)
                                        .endsWith("0\r\n\r\n"))) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    received.write(b);
                }
                OutputStream out = socket.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return received.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void shouldRechunkTheBodyDecodeTheAnswersChunksAndDropHopByHopHeaders() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = app(
                    server,
                    "HTTP/1.1 100 Continue\r\n\r\n"
                            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nKeep-Alive: timeout=5\r\n"
                            + "Connection: keep-alive, X-Secret\r\nX-Secret: no\r\nX-App: yes\r\n"
                            + "Content-Type: text/event-stream\r\n\r\n"
                            + "7\r\ndata: a\r\n2;ext=1\r\n\n\n\r\n0\r\nTrailer: x\r\n\r\n");
            // As Tomcat shows a chunked request: no length.
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/stream") {
                @Override
                public long getContentLengthLong() {
                    return -1;
                }
            };
            request.setQueryString("q=1");
            request.addHeader("Transfer-Encoding", "chunked");
            request.addHeader("Connection", "keep-alive, X-Hop");
            request.addHeader("X-Hop", "dropped");
            request.addHeader("X-Forwarded-For", "10.0.0.1");
            request.addHeader("Accept", "text/event-stream");
            request.setContent("hello".getBytes(StandardCharsets.UTF_8));
            MockHttpServletResponse response = new MockHttpServletResponse();

            forwarder.forward(
                    request,
                    response,
                    new InetSocketAddress(server.getInetAddress(), server.getLocalPort()),
                    "8000-web-alice-3f2a9c1d4e5b.localhost:8080",
                    HttpForwarder.headersFor(
                            request, header -> false, List.<String[]>of(new String[] {"X-Forwarded-For", "127.0.0.1"
                            })));

            assertThat(received.get())
                    .startsWith("POST /stream?q=1 HTTP/1.1\r\nHost: 8000-web-alice-3f2a9c1d4e5b.localhost:8080\r\n")
                    .contains("Accept: text/event-stream\r\n")
                    .contains("X-Forwarded-For: 127.0.0.1\r\n")
                    .doesNotContain("10.0.0.1")
                    .doesNotContain("X-Hop")
                    .contains("Transfer-Encoding: chunked\r\n")
                    .contains("Connection: close\r\n")
                    .endsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentAsString()).isEqualTo("data: a\n\n");
            assertThat(response.getHeader("X-App")).isEqualTo("yes");
            assertThat(response.getHeader("X-Secret")).isNull();
            assertThat(response.getHeader("Keep-Alive")).isNull();
            assertThat(response.getHeader("Transfer-Encoding")).isNull();
        }
    }

    @Test
    void shouldRefuseABodyPastTheLimitBeforeConnecting() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload");
        request.setContent(new byte[2000]);
        assertThatThrownBy(() -> forwarder.forward(
                        request,
                        new MockHttpServletResponse(),
                        new InetSocketAddress("127.0.0.1", 9),
                        "x.localhost",
                        List.of()))
                .isInstanceOf(HttpForwarder.BodyTooLargeException.class);
    }

    @Test
    void shouldRefuseAChunkedBodyOnceItPassesTheLimit() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            app(server, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload") {
                @Override
                public long getContentLengthLong() {
                    return -1;
                }
            };
            request.addHeader("Transfer-Encoding", "chunked");
            request.setContent(new byte[20_000]);
            MockHttpServletResponse response = new MockHttpServletResponse();
            assertThatThrownBy(() -> forwarder.forward(
                            request,
                            response,
                            new InetSocketAddress(server.getInetAddress(), server.getLocalPort()),
                            "x.localhost",
                            List.of()))
                    .isInstanceOf(HttpForwarder.BodyTooLargeException.class);
            assertThat(response.isCommitted()).isFalse();
        }
    }

    @Test
    void shouldSayWhenTheAppDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = server.getLocalPort();
        }
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        assertThatThrownBy(() -> forwarder.forward(
                        request,
                        new MockHttpServletResponse(),
                        new InetSocketAddress("127.0.0.1", closedPort),
                        "x.localhost",
                        List.of()))
                .isInstanceOf(HttpForwarder.UnreachableException.class);
    }

    /** The scripted relay's address, with the header line a relay gets. */
    private static Upstream through(ServerSocket relay) {
        return new Upstream(
                new InetSocketAddress(relay.getInetAddress(), relay.getLocalPort()),
                "10.213.0.66 8000\n".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Through a relay, the header line and the request's head go out in one write, before the relay's answer: the
     * relay (here a script of its own) gets both, then says the app accepted, then the app's answer follows.
     */
    @Test
    void shouldSendTheRelaysLineWithTheHeadAndAnswerOnceTheRelayReachedTheApp() throws Exception {
        try (ServerSocket relay = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = relay.accept()) {
                    InputStream in = socket.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        got.write(in.read());
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(("OHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return got.toString(StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            MockHttpServletResponse response = new MockHttpServletResponse();

            forwarder.forward(
                    new MockHttpServletRequest("GET", "/"),
                    response,
                    through(relay),
                    "8000-web-alice-3f2a9c1d4e5b.localhost",
                    List.of());

            assertThat(received.get()).startsWith("10.213.0.66 8000\nGET / HTTP/1.1\r\n");
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentAsString()).isEqualTo("hi");
            // The request's deadline left the timer's queue when it ended (not after proxy.max_duration).
            assertThat(timer.getQueue()).isEmpty();
        }
    }

    /** A relay that closes with nothing (the app did not accept, or the target was refused): the app is unreachable. */
    @Test
    void shouldSayTheAppIsUnreachableWhenTheRelayClosesWithNothing() throws Exception {
        try (ServerSocket relay = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket socket = relay.accept()) {
                    socket.getInputStream().read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            MockHttpServletResponse response = new MockHttpServletResponse();

            assertThatThrownBy(() -> forwarder.forward(
                            new MockHttpServletRequest("GET", "/"), response, through(relay), "x.localhost", List.of()))
                    .isInstanceOf(HttpForwarder.UnreachableException.class);
            assertThat(response.isCommitted()).isFalse();
            assertThat(timer.getQueue()).isEmpty();
        }
    }
}
