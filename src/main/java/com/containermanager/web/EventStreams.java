package com.containermanager.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Opens Server-Sent Events answers and keeps them honest: a keep-alive comment every {@code cm.web.keep-alive}
 * (15 s) on each; a gauge of open streams per kind (cm.streams.open); and on shutdown every stream is ended first,
 * so that graceful shutdown does not wait for clients that never leave. The shared timer thread only hands each
 * keep-alive to a virtual thread of its own: a write to a client that does not read blocks (until the server's
 * write timeout, server.tomcat.connection-timeout, ends it), and it must block nobody else's keep-alive.
 */
@Component
public class EventStreams implements SmartLifecycle {

    private static final Thread.Builder KEEP_ALIVES = Thread.ofVirtual().name("sse-keep-alive-", 0);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-keep-alive-timer").daemon().factory());
    private final Set<EventStreamConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> openByKind = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Duration keepAlive;
    private volatile boolean running;

    EventStreams(MeterRegistry registry, WebSettings settings) {
        this.registry = registry;
        this.keepAlive = settings.keepAlive();
    }

    /**
     * Commits a 200 text/event-stream answer. {@code onGone} must end what the caller's loop waits on; it runs when
     * the client is found gone or at shutdown. The caller closes the connection when its loop ends.
     */
    public EventStreamConnection open(HttpServletResponse response, String kind, Closeable onGone) throws IOException {
        AtomicInteger count = openByKind.computeIfAbsent(kind, this::gauge);
        EventStreamConnection[] self = new EventStreamConnection[1];
        EventStreamConnection connection = new EventStreamConnection(response, onGone, () -> {
            open.remove(self[0]);
            count.decrementAndGet();
        });
        self[0] = connection;
        count.incrementAndGet();
        open.add(connection);
        long period = keepAlive.toMillis();
        connection.keepAliveWith(timer.scheduleAtFixedRate(
                () -> KEEP_ALIVES.start(connection::keepAlive), period, period, TimeUnit.MILLISECONDS));
        if (!running) {
            connection.markGone();
        }
        return connection;
    }

    public int openCount(String kind) {
        AtomicInteger count = openByKind.get(kind);
        return count == null ? 0 : count.get();
    }

    private AtomicInteger gauge(String kind) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder("cm.streams.open", count, AtomicInteger::get)
                .description("Open streaming answers and consoles")
                .tag("kind", kind)
                .register(registry);
        return count;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Runs before the web server's graceful shutdown (a higher phase stops first). */
    @Override
    public void stop() {
        running = false;
        open.forEach(EventStreamConnection::markGone);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
