package com.containermanager.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 client for the engine's long-lived streams (logs, stats, events, exec attach) and its hot short
 * calls (see EngineCalls), over the JDK's own socket channels. Hand-written because docker-java reads its Unix socket through JNA native calls, which pin a
 * virtual thread to its carrier: a hundred followers would hold every carrier. JDK channels park instead, so each
 * stream costs one virtual thread and a few kilobytes. One request per connection; closing the response ends it.
 */
final class EngineHttp {

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** A list of a few thousand containers is a few MiB; nothing the service asks for comes near this. */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    /** Closes connections whose call ran past its deadline; one daemon thread for all. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("engine-deadlines").daemon().factory());

    private final SocketAddress address;
    private final boolean unix;

    EngineHttp(String dockerHost) {
        URI uri = URI.create(dockerHost);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix" -> {
                this.address = UnixDomainSocketAddress.of(uri.getPath());
                this.unix = true;
            }
            case "tcp", "http" -> {
                this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort());
                this.unix = false;
            }
            default -> throw new IllegalArgumentException("streams need a unix:// or tcp:// engine address");
        }
    }

    /**
     * Sends one request and reads the status line and headers; the body is left to the caller to read. Engine
     * errors (4xx, 5xx) are read and thrown as {@link EngineException}s; "upgrade" asks for a hijacked connection
     * (exec attach), whose body is the raw stream both ways.
     */
    EngineResponse send(String method, String pathAndQuery, byte @Nullable [] jsonBody, boolean upgrade) {
        return send(method, pathAndQuery, jsonBody, upgrade, null);
    }

    /**
     * One short request and its whole answer (at most {@link #MAX_ANSWER_BYTES}), errors included, within the
     * timeout: past it the connection is closed, which fails the call as unavailable, however long the engine takes.
     */
    Answer exchange(String method, String pathAndQuery, byte @Nullable [] jsonBody, Duration timeout) {
        List<ScheduledFuture<?>> deadline = new ArrayList<>(1);
        try (EngineResponse response = send(
                method,
                pathAndQuery,
                jsonBody,
                false,
                channel -> deadline.add(
                        DEADLINES.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS)))) {
            byte[] body = response.body().readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new EngineUnavailableException(new IOException("the engine's answer is too long"));
            }
            return new Answer(response.status(), body);
        } catch (IOException e) {
            throw new EngineUnavailableException(e);
        } finally {
            deadline.forEach(future -> future.cancel(false));
        }
    }

    /** A whole answer: its status and body, errors included (the caller knows what each status means). */
    record Answer(int status, byte[] body) {
        String message() {
            return EngineErrors.messageOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    private EngineResponse send(
            String method,
            String pathAndQuery,
            byte @Nullable [] jsonBody,
            boolean upgrade,
            @Nullable Consumer<SocketChannel> opened) {
        boolean answerErrors = opened != null;
        SocketChannel channel = null;
        try {
            channel = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            if (opened != null) {
                opened.accept(channel);
            }
            channel.connect(address);
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(pathAndQuery)
                    .append(" HTTP/1.1\r\nHost: docker\r\nUser-Agent: container-manager\r\n");
            if (upgrade) {
                head.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
            }
            if (jsonBody != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(jsonBody.length)
                        .append("\r\n");
            } else if (!method.equals("GET")) {
                head.append("Content-Length: 0\r\n");
            }
            head.append("\r\n");
            ChannelOutput output = new ChannelOutput(channel);
            output.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (jsonBody != null) {
                output.write(jsonBody);
            }
            ChannelInput input = new ChannelInput(channel);
            int status = readStatus(input);
            Map<String, String> headers = readHeaders(input);
            InputStream body = bodyOf(status, headers, input);
            EngineResponse response = new EngineResponse(status, body, output, channel);
            if (status >= 400 && !answerErrors) {
                try (response) {
                    throw EngineErrors.of(status, response.readSmallBody());
                }
            }
            return response;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EngineUnavailableException(e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static InputStream bodyOf(int status, Map<String, String> headers, InputStream input) {
        if (status == 101 || status == 204 || status == 304) {
            return status == 101 ? input : InputStream.nullInputStream();
        }
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            return new ChunkedInput(input);
        }
        String length = headers.get("content-length");
        if (length != null) {
            return new BoundedInput(input, Long.parseLong(length.strip()));
        }
        return input;
    }

    private static int readStatus(InputStream input) throws IOException {
        String line = readLine(input);
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer from the engine");
        }
        return Integer.parseInt(parts[1]);
    }

    private static Map<String, String> readHeaders(InputStream input) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        int total = 0;
        for (String line = readLine(input); !line.isEmpty(); line = readLine(input)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("engine headers too long");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** One CRLF-terminated line of ASCII (status line, header, chunk size), without its terminator. */
    static String readLine(InputStream input) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = input.read(); c != '\n'; c = input.read()) {
            if (c < 0) {
                throw new IOException("the engine closed the connection");
            }
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("engine line too long");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static void closeQuietly(@Nullable SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /**
     * Reads through the channel's own read method, which takes only the channel's read lock: a writer (stdin of a
     * console) never waits for a blocked reader, as it would behind Channels.newInputStream's blocking lock.
     */
    static final class ChannelInput extends InputStream {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(8192).flip();

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        private boolean fill() throws IOException {
            if (buffer.hasRemaining()) {
                return true;
            }
            buffer.clear();
            int read = channel.read(buffer);
            buffer.flip();
            return read > 0;
        }

        @Override
        public int read() throws IOException {
            return fill() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(target, offset, n);
            return n;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }
    }

    static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** HTTP/1.1 chunked transfer coding, decoded as it is read; trailers are skipped. */
    static final class ChunkedInput extends InputStream {
        private final InputStream input;
        private final byte[] one = new byte[1];
        private long remaining;
        private boolean done;

        ChunkedInput(InputStream input) {
            this.input = input;
        }

        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            if (remaining > 0) {
                return true;
            }
            String size = readLine(input);
            if (size.isEmpty()) { // the CRLF after the previous chunk's data
                size = readLine(input);
            }
            int extension = size.indexOf(';');
            remaining = Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).strip(), 16);
            if (remaining == 0) {
                done = true;
                for (String trailer = readLine(input); !trailer.isEmpty(); trailer = readLine(input)) {
                    // trailers carry nothing we use
                }
                return false;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!nextChunk()) {
                return -1;
            }
            int n = input.read(target, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new IOException("the engine closed the connection inside a chunk");
            }
            remaining -= n;
            return n;
        }

        /**
         * Data bytes of the current chunk that can be read without waiting. Between chunks it is 0, even when the
         * chunk's closing CRLF is already here: whether more data follows is not known until the engine sends it,
         * and a caller that holds output back while bytes are "available" must not wait on a CRLF.
         */
        @Override
        public int available() throws IOException {
            return done || remaining == 0 ? 0 : (int) Math.min(remaining, input.available());
        }
    }

    static final class BoundedInput extends InputStream {
        private final InputStream input;
        private long remaining;

        BoundedInput(InputStream input, long length) {
            this.input = input;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int c = input.read();
            if (c >= 0) {
                remaining--;
            }
            return c;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = input.read(target, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(remaining, input.available());
        }
    }
}
