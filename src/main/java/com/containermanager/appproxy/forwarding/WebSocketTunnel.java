package com.containermanager.appproxy.forwarding;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
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
    private @Nullable Watch watch;
    private final List<Runnable> closers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** How often an open tunnel asks its {@link Watch} whether it may go on, and reports traffic. */
    static final long WATCH_MILLIS = 5_000;

    /**
     * What the proxy asks an open tunnel's owner every {@link #WATCH_MILLIS}: whether the browser may still use it
     * (a revoked share, a level changed back to owner, a suspended user end it), and that traffic passed (activity
     * for the idle stop).
     */
    public interface Watch {
        boolean stillAllowed();

        void trafficPassed();
    }

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
            Watch watch,
            Runnable onClose)
            throws IOException {
        Socket socket = forwarder.connect(target);
        boolean handedOver = false;
        // The handshake as a whole within the idle timeout: a read timeout alone lets an app trickle its head.
        ScheduledFuture<?> handshake =
                timer.schedule(() -> HttpForwarder.closeQuietly(socket), forwarder.idleMillis(), TimeUnit.MILLISECONDS);
        try {
            OutputStream out = socket.getOutputStream();
            List<String[]> framing = new ArrayList<>();
            framing.add(new String[] {"Connection", "Upgrade"});
            framing.add(new String[] {"Upgrade", request.getHeader("Upgrade")});
            HttpForwarder.writeHead(out, request, host, headers, framing);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), HttpForwarder.PIECE);
            ResponseHead head;
            try {
                head = ResponseHead.read(in);
            } catch (IOException e) {
                throw new HttpForwarder.AppFailedException(e);
            } finally {
                handshake.cancel(false);
            }
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
            tunnel.watch = watch;
            handedOver = true;
            return true;
        } finally {
            handshake.cancel(false);
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
            // Streamed in pieces like any body: a refusal's length is the app's to choose.
            long left = Long.parseLong(length.trim());
            response.setContentLengthLong(left);
            OutputStream out = response.getOutputStream();
            byte[] piece = new byte[HttpForwarder.PIECE];
            while (left > 0) {
                int n = in.read(piece, 0, (int) Math.min(piece.length, left));
                if (n < 0) {
                    break;
                }
                out.write(piece, 0, n);
                left -= n;
            }
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
        Watch watching = watch;
        AtomicLong seen = new AtomicLong(lastActivity.get());
        ScheduledFuture<?> checks = clock.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (watching != null && !watching.stillAllowed()) {
                            close(connection);
                            return;
                        }
                        long last = lastActivity.get();
                        if (watching != null && seen.getAndSet(last) != last) {
                            watching.trafficPassed();
                        }
                    } catch (RuntimeException e) {
                        // a failed check (the database away) keeps the tunnel: the next one decides
                    }
                },
                WATCH_MILLIS,
                WATCH_MILLIS,
                TimeUnit.MILLISECONDS);
        closers.add(() -> checks.cancel(false));
        closers.add(() -> deadline.cancel(false));
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
        closers.forEach(Runnable::run);
        Socket app = socket;
        if (app != null) {
            HttpForwarder.closeQuietly(app);
        }
        try {
            connection.close();
        } catch (Exception e) {
            // closing anyway
        }
        closeSocket(connection);
        Runnable done = onClose;
        if (done != null) {
            done.run();
        }
    }

    /**
     * Closing an upgraded connection's streams does not close its socket: Tomcat does that on the next event from a
     * client, and a silent one sends none. The servlet API has no other way, so Tomcat's own socket wrapper is closed
     * (found by reflection; on another server this does nothing and the streams' close stays the only one).
     */
    static void closeSocket(WebConnection connection) {
        try {
            Field input = connection.getClass().getDeclaredField("upgradeServletInputStream");
            input.setAccessible(true);
            Object stream = input.get(connection);
            Field wrapperField = stream.getClass().getDeclaredField("socketWrapper");
            wrapperField.setAccessible(true);
            Object wrapper = wrapperField.get(stream);
            wrapper.getClass().getMethod("close").invoke(wrapper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not Tomcat's, or not this version's: the streams are closed already
        }
    }

    @Override
    public void destroy() {
        Socket app = socket;
        if (app != null) {
            HttpForwarder.closeQuietly(app);
        }
        if (closed.compareAndSet(false, true)) {
            closers.forEach(Runnable::run);
            Runnable done = onClose;
            if (done != null) {
                done.run();
            }
        }
    }
}
