package com.containermanager.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * The real engine behind TLS, as a dockerd started with --tlsverify presents it: a TLS port on loopback that wants
 * a client certificate signed by the test's CA and passes the bytes on to the engine's Unix socket. Its
 * certificates are made by openssl in the test's folder, as Docker's documentation makes them: ca.pem, and for
 * the client cert.pem and key.pem (an RSA key in the traditional PKCS#1 form that older guides produce).
 */
final class TlsEngineProxy implements AutoCloseable {

    private final SSLServerSocket server;
    private final Path engineSocket;
    private final AtomicInteger handshakes = new AtomicInteger();

    private TlsEngineProxy(SSLServerSocket server, Path engineSocket) {
        this.server = server;
        this.engineSocket = engineSocket;
        Thread.ofVirtual().start(this::accept);
    }

    /** Starts on a free loopback port in front of the engine's socket, with the certificates in dir. */
    static TlsEngineProxy start(Path dir, Path engineSocket) throws IOException {
        var stores = new PemSslStoreBundle(
                new PemSslStoreDetails(
                        null, "file:" + dir.resolve("server-cert.pem"), "file:" + dir.resolve("server-key.pem")),
                PemSslStoreDetails.forCertificates("file:" + dir.resolve("ca.pem")));
        SSLServerSocket server = (SSLServerSocket) SslBundle.of(stores)
                .createSslContext()
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        return new TlsEngineProxy(server, engineSocket);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections whose TLS handshake (client certificate included) succeeded. */
    int handshakes() {
        return handshakes.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(SSLSocket client) {
        try (client;
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.startHandshake();
            handshakes.incrementAndGet();
            engine.connect(UnixDomainSocketAddress.of(engineSocket));
            InputStream fromEngine = Channels.newInputStream(engine);
            OutputStream toEngine = Channels.newOutputStream(engine);
            Thread up = Thread.ofVirtual().start(() -> {
                pump(safeInput(client), toEngine);
                try {
                    engine.shutdownOutput();
                } catch (IOException e) {
                    // the engine went first
                }
            });
            pump(fromEngine, client.getOutputStream());
            up.join(TimeUnit.SECONDS.toMillis(1));
        } catch (IOException | InterruptedException e) {
            // a refused handshake, or either side gone: the connection ends
        }
    }

    private static InputStream safeInput(SSLSocket socket) {
        try {
            return socket.getInputStream();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buffer = new byte[16384];
        try {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** A CA, a server certificate for 127.0.0.1 and localhost, and a client certificate, by openssl. */
    static void makeCertificates(Path dir, String caName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("server.ext"),
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n" + "extendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=" + caName);
        for (String side : List.of("server", "client")) {
            openssl(
                    dir,
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    side + "-key.pem",
                    "-out",
                    side + ".csr",
                    "-subj",
                    "/CN=" + side);
            openssl(
                    dir,
                    "x509",
                    "-req",
                    "-in",
                    side + ".csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca-key.pem",
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-out",
                    side + "-cert.pem",
                    "-extfile",
                    side + ".ext");
        }
        Files.copy(dir.resolve("client-cert.pem"), dir.resolve("cert.pem"));
        openssl(dir, "rsa", "-in", "client-key.pem", "-traditional", "-out", "key.pem");
    }

    private static void openssl(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
