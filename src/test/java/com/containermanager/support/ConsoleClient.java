package com.containermanager.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console as a WebSocket client sees it (java.net.http): messages it receives, in order, and the close. */
public final class ConsoleClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();
    private final WebSocket socket;

    private ConsoleClient(URI uri, List<String> subprotocols) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(
                    subprotocols.getFirst(),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        socket = builder.connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener())
                .join();
    }

    public static ConsoleClient withTicket(int port, String containerId, String ticket) {
        return new ConsoleClient(
                URI.create("ws://127.0.0.1:" + port + "/containers/" + containerId + "/console?ticket=" + ticket),
                List.of());
    }

    public static ConsoleClient withToken(int port, String containerId, String token) {
        return new ConsoleClient(
                URI.create("ws://127.0.0.1:" + port + "/containers/" + containerId + "/console"),
                List.of("bearer", token));
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void input(String data) {
        socket.sendText(JSON.writeValueAsString(java.util.Map.of("type", "input", "data", data)), true)
                .join();
    }

    public void resize(int cols, int rows) {
        socket.sendText(JSON.writeValueAsString(java.util.Map.of("type", "resize", "cols", cols, "rows", rows)), true)
                .join();
    }

    /** Waits until the output so far contains the text; returns the output so far. */
    public String awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output.toString().contains(text)) {
            JsonNode message = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no \"" + text + "\" in the console output: " + output);
            }
            if (message.path("type").asString().equals("output")) {
                output.append(message.get("data").asString());
            }
        }
        return output.toString();
    }

    /** The exit message, skipping output; null if none came within the timeout. */
    public JsonNode awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode message = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || message.path("type").asString().equals("exit")) {
                return message;
            }
        }
    }

    /** The close status the server sent, within the timeout. */
    public int awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A close as a browser makes it: the close frame, then the server's answer, and only then the connection. */
    public void closeGracefully(Duration timeout) throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            awaitClose(timeout);
        } finally {
            socket.abort();
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
