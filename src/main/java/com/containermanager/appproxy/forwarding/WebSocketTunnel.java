package com.containermanager.appproxy.forwarding;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket (any HTTP upgrade) as a byte tunnel: the upgrade request goes to the app as it came (minus the proxy's
 * own headers); when the app answers 101, its answer goes back and Tomcat's HTTP upgrade hands over the client's
 * connection, and two virtual threads copy bytes each way until either side closes, the tunnel is idle (no byte
 * either way) for the idle timeout, or it reaches the total one. Frames are not parsed: whatever the app and the
 * browser agree on (extensions, subprotocols) passes. Any other answer is forwarded like a plain response.
 */
public final class WebSocketTunnel implements HttpUpgradeHandler {

    private @Nullable Socket socket;
    private @Nullable InputStream fromApp;
    private @Nullable Runnable onClose;
    private long idleMillis;
    private long maxMillis;
    private @Nullable ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    /** Tomcat makes the handler (a public no-argument constructor); {@link #open} gives it its connection. */
    public WebSocketTunnel() {}

    /**
     * Sends the upgrade request to the app. True when the app switched protocols and the client's connection is now
     * the tunnel's ({@code onClose} runs when it ends); false when the app answered otherwise, which was forwarded
     * (and {@code onClose} is the caller's to run).
     */
    public static boolean open(
            HttpForwarder forwarder,
            HttpServletRequest request,
            HttpServletResponse response,
            Upstream target,
            String host,
            List<String[]> headers,
            ScheduledExecutorService timer,
            Runnable onClose)
            throws IOException {
        Socket socket = forwarder.connect(target);
        boolean handedOver = false;
        try {
            OutputStream out = socket.getOutputStream();
            List<String[]> framing = new ArrayList<>();
            framing.add(new String[] {"Connection", "Upgrade"});
            framing.add(new String[] {"Upgrade", request.getHeader("Upgrade")});
            HttpForwarder.writeHead(out, request, host, headers, framing);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), HttpForwarder.PIECE);
            ResponseHead head = ResponseHead.read(in);
            if (head.status() != 101) {
                forwardRefusal(response, head, in);
                return false;
            }
            for (String[] header : head.headers()) {
                String lower = header[0].toLowerCase(Locale.ROOT);
                if (!lower.equals("content-length") && !lower.equals("transfer-encoding")) {
                    response.addHeader(header[0], header[1]);
                }
            }
            WebSocketTunnel tunnel;
            try {
                tunnel = request.upgrade(WebSocketTunnel.class);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException("the upgrade failed", e);
            }
            tunnel.socket = socket;
            tunnel.fromApp = in;
            tunnel.onClose = onClose;
            tunnel.idleMillis = forwarder.idleMillis();
            tunnel.maxMillis = forwarder.maxMillis();
            tunnel.timer = timer;
            handedOver = true;
            return true;
        } finally {
            if (!handedOver) {
                HttpForwarder.closeQuietly(socket);
            }
        }
    }

    /** The app refused the upgrade: its answer, with a body of its Content-Length (bounded), goes back. */
    private static void forwardRefusal(HttpServletResponse response, ResponseHead head, InputStream in)
            throws IOException {
        response.setStatus(head.status());
        for (String[] header : head.headers()) {
            if (!HttpForwarder.HOP_BY_HOP.contains(header[0].toLowerCase(Locale.ROOT))) {
                response.addHeader(header[0], header[1]);
            }
        }
        String length = head.first("Content-Length");
        if (length != null && length.trim().matches("\\d{1,7}")) {
            byte[] body = in.readNBytes(Integer.parseInt(length.trim()));
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }

    @Override
    public void init(WebConnection connection) {
        Socket app = socket;
        InputStream appIn = fromApp;
        ScheduledExecutorService clock = timer;
        if (app == null || appIn == null || clock == null) {
            close(connection);
            return;
        }
        ScheduledFuture<?> deadline = clock.schedule(() -> close(connection), maxMillis, TimeUnit.MILLISECONDS);
        Thread.ofVirtual().name("app-tunnel-to-app").start(() -> {
            try {
                InputStream client = connection.getInputStream();
                OutputStream toApp = app.getOutputStream();
                byte[] piece = new byte[HttpForwarder.PIECE];
                for (int n = client.read(piece); n >= 0; n = client.read(piece)) {
                    lastActivity.set(System.nanoTime());
                    toApp.write(piece, 0, n);
                    toApp.flush();
                }
            } catch (IOException | RuntimeException e) {
                // one side is gone: the tunnel ends
            } finally {
                close(connection);
            }
        });
        Thread.ofVirtual().name("app-tunnel-to-client").start(() -> {
            try {
                OutputStream client = connection.getOutputStream();
                byte[] piece = new byte[HttpForwarder.PIECE];
                while (true) {
                    int n;
                    try {
                        n = appIn.read(piece);
                    } catch (SocketTimeoutException e) {
                        if (System.nanoTime() - lastActivity.get() < TimeUnit.MILLISECONDS.toNanos(idleMillis)) {
                            continue;
                        }
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    lastActivity.set(System.nanoTime());
                    client.write(piece, 0, n);
                    if (appIn.available() == 0) {
                        client.flush();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // one side is gone: the tunnel ends
            } finally {
                deadline.cancel(false);
                close(connection);
            }
        });
    }

    private void close(WebConnection connection) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Socket app = socket;
        if (app != null) {
            HttpForwarder.closeQuietly(app);
        }
        try {
            connection.close();
        } catch (Exception e) {
            // closing anyway
        }
        Runnable done = onClose;
        if (done != null) {
            done.run();
        }
    }

    @Override
    public void destroy() {
        Socket app = socket;
        if (app != null) {
            HttpForwarder.closeQuietly(app);
        }
        if (closed.compareAndSet(false, true)) {
            Runnable done = onClose;
            if (done != null) {
                done.run();
            }
        }
    }
}
