package com.containermanager.appproxy.forwarding;

import com.containermanager.runtime.ContainerRoute;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Forwards one request to an app over HTTP/1.1, on a connection of its own ({@code Connection: close}): the request
 * head with the headers the caller chose, the body streamed in pieces of {@link #PIECE} bytes (as it came, with its
 * length, or chunked), then the response streamed back the same way, flushed whenever the app has nothing more
 * ready (so Server-Sent Events arrive line by line). Nothing is held whole: an upload or download of any size costs
 * two buffers. An app silent for the idle timeout, or a request past the total one, is cut off.
 */
public final class HttpForwarder {

    static final int PIECE = 16 * 1024;

    /** Hop-by-hop headers (RFC 9110 7.6.1) and those this proxy sets itself; never copied either way. */
    static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "expect",
            "content-length",
            "host");

    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Duration maxDuration;
    private final long maxBody;
    private final ScheduledExecutorService timer;

    public HttpForwarder(
            Duration connectTimeout,
            Duration idleTimeout,
            Duration maxDuration,
            long maxBody,
            ScheduledExecutorService timer) {
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.maxDuration = maxDuration;
        this.maxBody = maxBody;
        this.timer = timer;
    }

    /** The app could not be connected to: nothing was sent, the caller answers for it. */
    public static final class UnreachableException extends IOException {
        UnreachableException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The app broke the exchange off before its answer began (closed, reset, or an answer that is not HTTP). */
    public static final class AppFailedException extends IOException {
        AppFailedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The request's body is larger than allowed; thrown before anything of the response was written. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body too large");
        }
    }

    /**
     * The timer for the forwarder's deadlines. Every request schedules one and cancels it when done: a cancelled task
     * leaves the queue at once, not when its {@code proxy.max_duration} is up (holding its closed socket until then).
     */
    public static ScheduledThreadPoolExecutor deadlineTimer(String threadName) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name(threadName).daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    public long maxBody() {
        return maxBody;
    }

    long idleMillis() {
        return idleTimeout.toMillis();
    }

    long maxMillis() {
        return maxDuration.toMillis();
    }

    /**
     * The request's headers as the app gets them: without hop-by-hop ones (and those Connection names), without the
     * proxy's own ({@code drop}), and with {@code extra} (X-Forwarded-*) added.
     */
    public static List<String[]> headersFor(
            HttpServletRequest request, Predicate<String[]> drop, List<String[]> extra) {
        Set<String> named = new HashSet<>();
        for (String connection : Collections.list(request.getHeaders("Connection"))) {
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        List<String[]> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower)
                    || named.contains(lower)
                    || lower.startsWith("x-forwarded-")
                    || lower.equals("forwarded")) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                String[] header = {name, value};
                if (!drop.test(header)) {
                    headers.add(header);
                }
            }
        }
        headers.addAll(extra);
        return headers;
    }

    /**
     * Opens the app's connection (through a relay: its header line sent, and its answer that the app accepted read,
     * within the connect timeout); {@link UnreachableException} when it does not answer.
     */
    Socket connect(Upstream target) throws UnreachableException {
        Socket socket = open(target);
        try {
            if (target.relayed()) {
                socket.getOutputStream().write(target.preamble());
                awaitRelay(socket, socket.getInputStream());
            }
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UnreachableException(e);
        }
    }

    /**
     * The TCP connection to the target's address, with the idle timeout set; nothing sent. Without a proxy: a plain
     * {@code new Socket()} asks the default ProxySelector on every connect (a URI built and parsed per request).
     */
    private Socket open(Upstream target) throws UnreachableException {
        Socket socket = new Socket(Proxy.NO_PROXY);
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target.address(), (int) connectTimeout.toMillis());
            socket.setSoTimeout(idleSoTimeout());
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UnreachableException(e);
        }
    }

    private int idleSoTimeout() {
        return (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
    }

    /** Reads the relay's one byte that says the app accepted, within the connect timeout. */
    private void awaitRelay(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout((int) connectTimeout.toMillis());
        if (in.read() != ContainerRoute.RELAY_READY) {
            throw new IOException("the relay did not reach the app");
        }
        socket.setSoTimeout(idleSoTimeout());
    }

    /** Writes the request line and head. */
    static void writeHead(
            OutputStream out, HttpServletRequest request, String host, List<String[]> headers, List<String[]> framing)
            throws IOException {
        StringBuilder head = new StringBuilder(512);
        String query = request.getQueryString();
        head.append(request.getMethod())
                .append(' ')
                .append(request.getRequestURI())
                .append(query == null ? "" : "?" + query)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\n");
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        for (String[] header : framing) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Forwards the request and streams the app's answer back. Throws {@link UnreachableException} (nothing sent)
     * and {@link BodyTooLargeException} (nothing answered yet); other failures after the answer began end the
     * client's connection.
     */
    public void forward(
            HttpServletRequest request,
            HttpServletResponse response,
            InetSocketAddress target,
            String host,
            List<String[]> headers)
            throws IOException {
        forward(request, response, Upstream.direct(target), host, headers);
    }

    /** As {@link #forward(HttpServletRequest, HttpServletResponse, InetSocketAddress, String, List)}, to the upstream. */
    public void forward(
            HttpServletRequest request,
            HttpServletResponse response,
            Upstream target,
            String host,
            List<String[]> headers)
            throws IOException {
        forward(request, response, target, host, headers, maxBody);
    }

    /** As above, with this request's own body limit (its app's profile's). */
    public void forward(
            HttpServletRequest request,
            HttpServletResponse response,
            Upstream target,
            String host,
            List<String[]> headers,
            long maxBody)
            throws IOException {
        long length = request.getContentLengthLong();
        if (length > maxBody) {
            throw new BodyTooLargeException();
        }
        boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
        Socket socket = open(target);
        ScheduledFuture<?> deadline =
                timer.schedule(() -> closeQuietly(socket), maxDuration.toMillis(), TimeUnit.MILLISECONDS);
        try (socket) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), PIECE);
            InputStream in = new BufferedInputStream(socket.getInputStream(), PIECE);
            List<String[]> framing = new ArrayList<>();
            if (length >= 0) {
                framing.add(new String[] {"Content-Length", Long.toString(length)});
            } else if (chunked) {
                framing.add(new String[] {"Transfer-Encoding", "chunked"});
            }
            framing.add(new String[] {"Connection", "close"});
            boolean headSent = false;
            if (target.relayed()) {
                // The relay's line and the request's head in one write, without waiting for the relay first: it
                // reads exactly its line and passes the rest on only once the app accepted; when the app does
                // not, it closes with nothing and the head reached nobody. The body waits for the relay's answer.
                try {
                    out.write(target.preamble());
                    writeHead(out, request, host, headers, framing);
                    out.flush();
                    awaitRelay(socket, in);
                } catch (IOException e) {
                    throw new UnreachableException(e);
                }
                headSent = true;
            }
            try {
                if (!headSent) {
                    writeHead(out, request, host, headers, framing);
                }
                if (length > 0 || chunked) {
                    sendBody(request.getInputStream(), out, chunked, maxBody);
                }
                out.flush();
            } catch (BodyTooLargeException | ClientGoneException e) {
                throw e;
            } catch (IOException e) {
                // The app may have answered early (and closed): its answer is read below, if there is one.
            }
            ResponseHead head;
            try {
                head = ResponseHead.read(in);
            } catch (SocketTimeoutException e) {
                response.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
                response.setContentType("text/plain;charset=utf-8");
                response.getOutputStream().write("The app did not answer in time.\n".getBytes(StandardCharsets.UTF_8));
                return;
            } catch (IOException e) {
                throw new AppFailedException(e);
            }
            answer(request, response, head, in);
        } finally {
            deadline.cancel(false);
        }
    }

    private void sendBody(InputStream body, OutputStream out, boolean chunked, long maxBody) throws IOException {
        byte[] piece = new byte[PIECE];
        long sent = 0;
        for (int n = readClient(body, piece); n >= 0; n = readClient(body, piece)) {
            if (n == 0) {
                continue;
            }
            sent += n;
            if (sent > maxBody) {
                throw new BodyTooLargeException();
            }
            if (chunked) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(piece, 0, n);
                out.write('\r');
                out.write('\n');
            } else {
                out.write(piece, 0, n);
            }
        }
        if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** The client stopped sending its body (gone, or too slow): nothing more is worth doing. */
    static final class ClientGoneException extends IOException {
        ClientGoneException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static int readClient(InputStream body, byte[] piece) throws ClientGoneException {
        try {
            return body.read(piece);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** The app's status and headers, then its body as it comes. */
    private static void answer(
            HttpServletRequest request, HttpServletResponse response, ResponseHead head, InputStream in)
            throws IOException {
        response.setStatus(head.status());
        Set<String> named = new HashSet<>();
        String connection = head.first("Connection");
        if (connection != null) {
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (String[] header : head.headers()) {
            String lower = header[0].toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
                response.addHeader(header[0], header[1]);
            }
        }
        boolean noBody = request.getMethod().equals("HEAD") || head.status() == 204 || head.status() == 304;
        String contentLength = head.first("Content-Length");
        boolean chunked = head.has("Transfer-Encoding", "chunked");
        if (noBody) {
            if (contentLength != null && !chunked) {
                response.setHeader("Content-Length", contentLength);
            }
            response.flushBuffer();
            return;
        }
        ServletOutputStream client = response.getOutputStream();
        if (chunked) {
            copyChunked(in, client);
        } else if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length");
            }
            response.setContentLengthLong(length);
            copy(in, client, length);
        } else {
            copy(in, client, Long.MAX_VALUE);
        }
        client.flush();
    }

    /** Copies up to {@code length} bytes (to the end for Long.MAX_VALUE), flushing whenever nothing more is ready. */
    private static void copy(InputStream in, ServletOutputStream client, long length) throws IOException {
        byte[] piece = new byte[(int) Math.min(PIECE, Math.max(length, 1))];
        long left = length;
        while (left > 0) {
            int n = in.read(piece, 0, (int) Math.min(piece.length, left));
            if (n < 0) {
                if (length == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("the app closed the connection early");
            }
            client.write(piece, 0, n);
            left -= n;
            if (in.available() == 0) {
                client.flush();
            }
        }
    }

    /** Decodes the app's chunks and writes each one on (Tomcat chunks again), flushed when nothing more is ready. */
    private static void copyChunked(InputStream in, ServletOutputStream client) throws IOException {
        int[] budget = {Integer.MAX_VALUE};
        byte[] piece = new byte[PIECE];
        while (true) {
            String sizeLine = ResponseHead.line(in, new int[] {1024});
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (size == 0) {
                budget[0] = 16 * 1024;
                while (!ResponseHead.line(in, budget).isEmpty()) {
                    // trailers are dropped
                }
                return;
            }
            long left = size;
            while (left > 0) {
                int n = in.read(piece, 0, (int) Math.min(piece.length, left));
                if (n < 0) {
                    throw new IOException("the app closed the connection in a chunk");
                }
                client.write(piece, 0, n);
                left -= n;
            }
            ResponseHead.line(in, new int[] {2});
            if (in.available() == 0) {
                client.flush();
            }
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
