package com.containermanager.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry on loopback that answers the version check at once and then sends a manifest one byte at a time, for
 * ever: a pull from it never ends on its own. Hand-written on sockets because the engine first tries TLS on any
 * registry and only then plain HTTP (which it allows on loopback): the TLS attempt must be refused at once, which
 * the JDK's HTTP server cannot do. It counts the manifest downloads that have begun.
 */
public final class TricklingRegistry implements AutoCloseable {

    private static final int TLS_HANDSHAKE = 0x16;
    private static final Duration BYTE_EVERY = Duration.ofMillis(200);
    private final ServerSocket server;
    private final AtomicInteger downloads = new AtomicInteger();

    public TricklingRegistry() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("trickling-registry").start(this::accept);
    }

    /** host:port, as an image reference's registry part. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public int downloadsBegun() {
        return downloads.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                in.mark(1);
                int first = in.read();
                if (first < 0 || first == TLS_HANDSHAKE) {
                    return;
                }
                in.reset();
                String[] request = readLine(in).split(" ");
                while (!readLine(in).isEmpty()) {
                    // headers: not needed
                }
                String head = "HTTP/1.1 200 OK\r\nDocker-Distribution-API-Version: registry/2.0\r\n";
                if (request[1].equals("/v2/")) {
                    out.write((head + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                out.write((head + "Content-Type: application/vnd.docker.distribution.manifest.v2+json\r\n"
                                + "Content-Length: 1000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (request[0].equals("HEAD")) {
                    continue;
                }
                downloads.incrementAndGet();
                while (true) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(BYTE_EVERY);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the other side went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        if (c < 0) {
            throw new IOException("connection closed");
        }
        return line.toString().strip();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
