package com.containermanager.runtime.docker;

import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.docker.EngineTransport.EngineConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 client for every engine call: the short calls (see EngineCalls), pulls and copies, and the
 * long-lived streams (logs, stats, events, exec attach). Hand-written on the JDK's own sockets, which park a virtual
 * thread where a library's native socket reads would pin it to its carrier; docs/decisions/0001-engine-client.md
 * says why no HTTP library was taken (measured against Jetty's client). One request per connection; closing the
 * response ends it. Every request has a deadline: a short call for its whole answer, a stream for its connect and
 * response headers, after which it lasts as long as its reader wants.
 */
final class EngineHttp {

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** A list of a few thousand containers is a few MiB; nothing the service asks for comes near this. */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    /** How long a stream's connect, request and response headers may take: the engine answers them at once. */
    static final Duration HEADERS_WITHIN = Duration.ofSeconds(30);
    /** Closes connections whose call ran past its deadline; one daemon thread for all. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("engine-deadlines").daemon().factory());

    private final EngineTransport transport;
    private final Duration headersWithin;

    /** A plain engine (unix:// or tcp:// without TLS), as the tests script it. */
    EngineHttp(String dockerHost) {
        this(EngineTransport.of(dockerHost, false, Path.of("")), HEADERS_WITHIN);
    }

    EngineHttp(EngineTransport transport, Duration headersWithin) {
        this.transport = transport;
        this.headersWithin = headersWithin;
    }

    /** What to send: a JSON document, a stream (sent chunked: a tar of unknown length), or nothing. */
    record Request(
            String method,
            String pathAndQuery,
            Map<String, String> headers,
            byte @Nullable [] json,
            @Nullable InputStream stream,
            boolean upgrade) {

        static Request of(String method, String pathAndQuery, byte @Nullable [] json) {
            return new Request(method, pathAndQuery, Map.of(), json, null, false);
        }
    }

    /**
     * Opens a stream: connect, request and response headers within the headers deadline, then the body is left to
     * the caller. Engine errors (4xx, 5xx) are read and thrown as EngineExceptions; "upgrade" asks for a hijacked
     * connection (exec attach), whose body is the raw stream both ways.
     */
    EngineResponse send(String method, String pathAndQuery, byte @Nullable [] json, boolean upgrade) {
        EngineResponse response =
                open(new Request(method, pathAndQuery, Map.of(), json, null, upgrade), headersWithin, false);
        if (response.status() >= 400) {
            try (response) {
                throw EngineErrors.of(response.status(), response.readSmallBody());
            }
        }
        return response;
    }

    /**
     * A request whose whole exchange, body included, must end within the deadline (a pull): past it the connection
     * is closed and reading fails; {@link EngineResponse#deadlinePassed()} tells that apart. Errors are the
     * caller's to read.
     */
    EngineResponse within(Request request, Duration deadline) {
        return open(request, deadline, true);
    }

    /**
     * One short request and its whole answer (at most {@link #MAX_ANSWER_BYTES}), errors included, within the
     * timeout: past it the connection is closed, which fails the call as unavailable, however long the engine takes.
     */
    Answer exchange(String method, String pathAndQuery, byte @Nullable [] json, Duration timeout) {
        return exchange(Request.of(method, pathAndQuery, json), timeout);
    }

    Answer exchange(Request request, Duration timeout) {
        try (EngineResponse response = open(request, timeout, true)) {
            byte[] body = response.body().readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new EngineUnavailableException(new IOException("the engine's answer is too long"));
            }
            return new Answer(response.status(), body);
        } catch (IOException e) {
            throw new EngineUnavailableException(e);
        }
    }

    /** A whole answer: its status and body, errors included (the caller knows what each status means). */
    record Answer(int status, byte[] body) {
        String message() {
            return EngineErrors.messageOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    /**
     * The deadline is armed before the connect, so that closing the connection ends a connect, a TLS handshake or a
     * wait for headers that takes too long; for a stream it is disarmed once the headers are in.
     */
    private EngineResponse open(Request request, Duration deadline, boolean wholeExchange) {
        EngineConnection connection = null;
        Deadline timer = null;
        try {
            connection = transport.open();
            timer = new Deadline(connection, deadline);
            connection.connect();
            OutputStream output = connection.output();
            InputStream input = connection.input();
            int status;
            Map<String, String> headers;
            try {
                output.write(head(request));
                try {
                    writeBody(request, output);
                } catch (IOException e) {
                    // An engine that refuses a streamed body (no such container) may answer and close before
                    // reading all of it: its answer says more than the broken pipe.
                    if (request.stream() == null || timer.passed()) {
                        throw e;
                    }
                }
                status = readStatus(input);
                headers = readHeaders(input);
            } catch (IOException e) {
                if (timer.passed()) {
                    throw new DeadlinePassed(deadline, e);
                }
                throw e;
            }
            if (!wholeExchange && !timer.disarm()) {
                throw new DeadlinePassed(deadline, null);
            }
            return new EngineResponse(status, bodyOf(status, headers, input), output, connection, timer);
        } catch (IOException e) {
            closeQuietly(connection, timer);
            throw new EngineUnavailableException(e);
        } catch (RuntimeException e) {
            closeQuietly(connection, timer);
            throw e;
        }
    }

    private static byte[] head(Request request) {
        StringBuilder head = new StringBuilder()
                .append(request.method())
                .append(' ')
                .append(request.pathAndQuery())
                .append(" HTTP/1.1\r\nHost: docker\r\nUser-Agent: container-manager\r\n");
        if (request.upgrade()) {
            head.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
        }
        request.headers()
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        if (request.json() != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(request.json().length)
                    .append("\r\n");
        } else if (request.stream() != null) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (!request.method().equals("GET")) {
            head.append("Content-Length: 0\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeBody(Request request, OutputStream output) throws IOException {
        if (request.json() != null) {
            output.write(request.json());
        } else if (request.stream() != null) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = request.stream().read(buffer);
                    n >= 0;
                    n = request.stream().read(buffer)) {
                if (n > 0) {
                    output.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    output.write(buffer, 0, n);
                    output.write(CRLF);
                }
            }
            output.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        output.flush();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static InputStream bodyOf(int status, Map<String, String> headers, InputStream input) throws IOException {
        if (status == 101) {
            return input;
        }
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return InputStream.nullInputStream();
        }
        // Transfer-Encoding wins over Content-Length (RFC 9112 6.3): an answer carrying both is read as chunked.
        if (headers.getOrDefault("transfer-encoding", "")
                .toLowerCase(Locale.ROOT)
                .endsWith("chunked")) {
            return new ChunkedInput(input);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                long bytes = Long.parseLong(length.strip());
                if (bytes < 0) {
                    throw new NumberFormatException();
                }
                return new BoundedInput(input, bytes);
            } catch (NumberFormatException e) {
                throw new IOException("the engine sent an invalid Content-Length: " + length);
            }
        }
        // Neither: the body lasts until the engine closes the connection (a hijacked stream without an upgrade).
        return input;
    }

    private static int readStatus(InputStream input) throws IOException {
        String line = readLine(input);
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
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

    private static void closeQuietly(@Nullable EngineConnection connection, @Nullable Deadline timer) {
        if (timer != null) {
            timer.disarm();
        }
        if (connection != null) {
            connection.close();
        }
    }

    /** Why a request failed: its deadline closed the connection (the cause of an EngineUnavailableException). */
    static final class DeadlinePassed extends IOException {
        DeadlinePassed(Duration deadline, @Nullable Throwable cause) {
            super("the engine did not answer within " + deadline, cause);
        }
    }

    /** Closes the connection when its time is up, and remembers that it did (a read failing then failed for that). */
    static final class Deadline {
        private final AtomicBoolean passed = new AtomicBoolean();
        private final ScheduledFuture<?> timer;

        Deadline(EngineConnection connection, Duration after) {
            this.timer = DEADLINES.schedule(
                    () -> {
                        passed.set(true);
                        connection.close();
                    },
                    after.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        boolean passed() {
            return passed.get();
        }

        /** False when it is too late: the connection is being closed, or was. */
        boolean disarm() {
            return timer.cancel(false) || (!passed.get() && timer.isCancelled());
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
            try {
                remaining = Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the engine sent an invalid chunk size: " + size);
            }
            if (remaining < 0) {
                throw new IOException("the engine sent an invalid chunk size: " + size);
            }
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

    /** A body of a known length: an answer cut short of it is an error, not a shorter body. */
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
            if (c < 0) {
                throw new IOException("the engine closed the connection before the end of its answer");
            }
            remaining--;
            return c;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = input.read(target, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new IOException("the engine closed the connection before the end of its answer");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(remaining, input.available());
        }
    }
}
