package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An engine on a Unix socket that answers each connection with the next script, byte for byte, and keeps what it
 * was asked (the head, and the body as it arrived, chunked bodies decoded). Scripts may hold the connection: to
 * answer never, to trickle, or to echo a hijacked stream.
 */
final class ScriptedEngine implements AutoCloseable {

    /** What the engine does with one connection, after reading its request. */
    @FunctionalInterface
    interface Script {
        void run(SocketChannel client) throws IOException, InterruptedException;
    }

    private final ServerSocketChannel server;
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    ScriptedEngine(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofPlatform().daemon().start(this::serve);
    }

    static String address(Path socket) {
        return "unix://" + socket;
    }

    /** A whole answer with a Content-Length. */
    void answer(int status, String body) {
        raw("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    /** These bytes exactly, then the connection is closed. */
    void raw(String answer) {
        raw(answer.getBytes(StandardCharsets.ISO_8859_1));
    }

    void raw(byte[] answer) {
        script(client -> write(client, answer));
    }

    /** Reads the request and then holds the connection without a byte, until the client gives up. */
    void answerNever() {
        script(client -> client.read(ByteBuffer.allocate(1)));
    }

    void script(Script script) {
        scripts.add(script);
    }

    String request() throws InterruptedException {
        String request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the engine").isNotNull();
        return request;
    }

    static void write(SocketChannel client, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            client.write(buffer);
        }
    }

    static void write(SocketChannel client, String text) throws IOException {
        write(client, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                requests.add(readRequest(client));
                scripts.take().run(client);
            } catch (IOException | InterruptedException e) {
                if (!server.isOpen() || e instanceof InterruptedException) {
                    return;
                }
            }
        }
    }

    /** The head and its body: Content-Length bytes, or chunks up to the last one (decoded). */
    private static String readRequest(SocketChannel client) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(readByte(client));
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        String lower = text.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (lower.contains("transfer-encoding: chunked")) {
            for (int size = chunkSize(client); size > 0; size = chunkSize(client)) {
                for (int i = 0; i < size; i++) {
                    body.write(readByte(client));
                }
                readLine(client);
            }
            readLine(client);
        } else {
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    int length = Integer.parseInt(line.substring(15).strip());
                    for (int i = 0; i < length; i++) {
                        body.write(readByte(client));
                    }
                }
            }
        }
        return text + body.toString(StandardCharsets.ISO_8859_1);
    }

    private static int chunkSize(SocketChannel client) throws IOException {
        return Integer.parseInt(readLine(client).strip(), 16);
    }

    private static String readLine(SocketChannel client) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = readByte(client); c != '\n'; c = readByte(client)) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static int readByte(SocketChannel client) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (client.read(one) < 0) {
            throw new IOException("the client closed the connection");
        }
        return one.get(0) & 0xff;
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
