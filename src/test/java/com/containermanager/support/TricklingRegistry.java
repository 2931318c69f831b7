package com.containermanager.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry on loopback that answers the version check at once and then sends a manifest one byte at a time, for
 * ever: a pull from it never ends on its own. The engine talks plain HTTP to registries on loopback. It counts the
 * manifest downloads that the other side gave up (the engine closed the connection).
 */
public final class TricklingRegistry implements AutoCloseable {

    private static final Duration BYTE_EVERY = Duration.ofMillis(200);
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger abandoned = new AtomicInteger();

    public TricklingRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** host:port, as an image reference's registry part. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int abandonedDownloads() {
        return abandoned.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                byte[] body = "{}".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders()
                    .set("Content-Type", "application/vnd.docker.distribution.manifest.v2+json");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream body = exchange.getResponseBody();
            try {
                while (true) {
                    body.write(' ');
                    body.flush();
                    Thread.sleep(BYTE_EVERY);
                }
            } catch (IOException e) {
                abandoned.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
