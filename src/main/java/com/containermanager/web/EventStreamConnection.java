package com.containermanager.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Events answer being written: events and comments, each flushed at once. The thread that serves
 * the request writes events; the keep-alive timer writes comments in between, so that a client that went away is
 * noticed even while nothing happens (a write to it fails), and then {@code onGone} runs: it closes whatever the
 * serving thread waits on (an engine stream, a queue), which ends the request. Writes are serialised with a lock,
 * not synchronized, so that a virtual thread never pins its carrier while it writes.
 */
public final class EventStreamConnection implements Closeable {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream output;
    private final Closeable onGone;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean gone = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable deregister;
    private @Nullable ScheduledFuture<?> keepAlive;

    EventStreamConnection(HttpServletResponse response, Closeable onGone, Runnable deregister) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold events back
        this.output = response.getOutputStream();
        this.onGone = onGone;
        this.deregister = deregister;
        response.flushBuffer();
    }

    void keepAliveWith(ScheduledFuture<?> task) {
        this.keepAlive = task;
    }

    /** Writes one event and sends it at once; throws IOException when the client has gone (and onGone has run). */
    public void event(String name, @Nullable String id, String data) throws IOException {
        event(name, id, data, true);
    }

    /**
     * Writes one event; without {@code flush} it may wait in the response's buffer, for when more events follow at
     * once (a burst of log lines goes out in a few writes, not one per line). The last of a burst must flush.
     */
    public void event(String name, @Nullable String id, String data, boolean flush) throws IOException {
        StringBuilder text = new StringBuilder(data.length() + 64);
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        text.append("event: ").append(name).append('\n');
        for (String line : data.split("\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        write(text.append('\n').toString(), flush);
    }

    /**
     * A keep-alive comment (": keep-alive"), which clients ignore, unless a write is under way: then the stream is not
     * idle, and waiting for that write (it may be blocked on a client that does not read) would only stack another
     * blocked writer behind it. A failed write marks the connection gone.
     */
    void keepAlive() {
        if (gone.get() || !lock.tryLock()) {
            return;
        }
        try {
            output.write(KEEP_ALIVE);
            output.flush();
        } catch (IOException | RuntimeException e) {
            markGone();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the client went away (a write failed) or the server is closing the stream. */
    public boolean isGone() {
        return gone.get();
    }

    private void write(String text, boolean flush) throws IOException {
        if (gone.get()) {
            throw new IOException("the client has gone");
        }
        lock.lock();
        try {
            output.write(text.getBytes(StandardCharsets.UTF_8));
            if (flush) {
                output.flush();
            }
        } catch (IOException | RuntimeException e) {
            markGone();
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** The client went away, or the server shuts down: stop waiting for more to send. */
    void markGone() {
        if (gone.compareAndSet(false, true)) {
            try {
                onGone.close();
            } catch (IOException | RuntimeException e) {
                // it is being abandoned anyway
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            deregister.run();
        }
    }
}
