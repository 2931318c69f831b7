package com.containermanager.runtime.docker;

import com.containermanager.platform.StartupRefusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * How connections to the engine are opened, from DOCKER_HOST and the TLS settings, the way the docker CLI reads
 * them: {@code unix://} a Unix socket; {@code tcp://} plain TCP, or TLS when DOCKER_TLS_VERIFY is set, with the
 * client certificate {@code cert.pem} and {@code key.pem} and the engine verified against {@code ca.pem} (its
 * certificate must name the host of DOCKER_HOST), all three from DOCKER_CERT_PATH. Every call, stream and attach
 * goes through the one transport, so an engine is reached the same way or not at all: anything else is refused at
 * start-up.
 */
abstract sealed class EngineTransport {

    /** An unconnected connection: the caller arms its deadline first, so that closing it can end a slow connect. */
    abstract EngineConnection open() throws IOException;

    static EngineTransport of(String dockerHost, boolean tlsVerify, Path certPath) {
        URI uri;
        try {
            uri = URI.create(dockerHost);
        } catch (IllegalArgumentException e) {
            throw refusal(dockerHost, "is not an address");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "unix" -> new Unix(UnixDomainSocketAddress.of(uri.getPath()));
            case "tcp", "http" -> {
                if (uri.getHost() == null) {
                    throw refusal(dockerHost, "names no host");
                }
                int port = uri.getPort() < 0 ? (tlsVerify ? 2376 : 2375) : uri.getPort();
                String host = uri.getHost().replaceAll("^\\[|]$", ""); // an IPv6 address without its brackets
                yield tlsVerify ? new Tls(host, port, tlsContext(certPath)) : new Tcp(host, port);
            }
            default -> throw refusal(dockerHost, "is neither unix:// nor tcp://");
        };
    }

    private static StartupRefusal refusal(String dockerHost, String problem) {
        return new StartupRefusal("docker.host (DOCKER_HOST) \"" + dockerHost + "\" " + problem
                + ": give unix:///path/to/docker.sock, or tcp://host:port (with DOCKER_TLS_VERIFY and"
                + " DOCKER_CERT_PATH for an engine that wants TLS)");
    }

    /** Docker's files: the CA that signed the engine's certificate, and this client's certificate and key. */
    static SSLContext tlsContext(Path certPath) {
        List<Path> files =
                List.of(certPath.resolve("ca.pem"), certPath.resolve("cert.pem"), certPath.resolve("key.pem"));
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new StartupRefusal("DOCKER_TLS_VERIFY is set but " + file + " cannot be read: put ca.pem,"
                        + " cert.pem and key.pem in docker.cert_path (DOCKER_CERT_PATH), as the docker CLI expects");
            }
        }
        try {
            var stores = new PemSslStoreBundle(
                    new PemSslStoreDetails(null, location(files.get(1)), location(files.get(2))),
                    PemSslStoreDetails.forCertificates(location(files.get(0))));
            return SslBundle.of(stores).createSslContext();
        } catch (RuntimeException e) {
            throw new StartupRefusal("the TLS files in docker.cert_path (DOCKER_CERT_PATH) " + certPath
                    + " could not be used (" + e.getMessage() + "): ca.pem, cert.pem and key.pem must be PEM files");
        }
    }

    private static String location(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    /** One connection to the engine: its two directions, usable from two threads at once, and a close. */
    interface EngineConnection extends AutoCloseable {
        void connect() throws IOException;

        InputStream input();

        OutputStream output();

        /** Closes at once, from any thread: a read or write blocked on it fails. */
        @Override
        void close();
    }

    private static final class Unix extends EngineTransport {
        private final SocketAddress address;

        Unix(SocketAddress address) {
            this.address = address;
        }

        @Override
        EngineConnection open() throws IOException {
            return new ChannelConnection(SocketChannel.open(StandardProtocolFamily.UNIX), address);
        }
    }

    private static final class Tcp extends EngineTransport {
        private final String host;
        private final int port;

        Tcp(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        EngineConnection open() throws IOException {
            return new ChannelConnection(SocketChannel.open(), new InetSocketAddress(host, port));
        }
    }

    /**
     * TLS on a plain socket (the JDK's SSLSocket: socket I/O parks a virtual thread, and its locks are not
     * monitors). The engine's certificate is checked against the CA and against the host name, as Docker does.
     */
    private static final class Tls extends EngineTransport {
        private final String host;
        private final int port;
        private final SSLContext context;

        Tls(String host, int port, SSLContext context) {
            this.host = host;
            this.port = port;
            this.context = context;
        }

        @Override
        EngineConnection open() {
            return new TlsConnection(this);
        }
    }

    /**
     * Over the channel's own read and write: a reader takes only the channel's read lock, so a writer (stdin of a
     * console) never waits for a blocked reader, as it would behind Channels.newInputStream's blocking lock.
     */
    private static final class ChannelConnection implements EngineConnection {
        private final SocketChannel channel;
        private final SocketAddress address;
        private final InputStream input;
        private final OutputStream output;

        ChannelConnection(SocketChannel channel, SocketAddress address) {
            this.channel = channel;
            this.address = address;
            this.input = new ChannelInput(channel);
            this.output = new ChannelOutput(channel);
        }

        @Override
        public void connect() throws IOException {
            channel.connect(address);
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static final class TlsConnection implements EngineConnection {
        private final Tls transport;
        private final Socket plain = new Socket();
        private volatile @Nullable SSLSocket tls;

        TlsConnection(Tls transport) {
            this.transport = transport;
        }

        @Override
        public void connect() throws IOException {
            plain.connect(new InetSocketAddress(transport.host, transport.port));
            SSLSocket socket = (SSLSocket)
                    transport.context.getSocketFactory().createSocket(plain, transport.host, transport.port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            tls = socket;
            socket.startHandshake();
        }

        private SSLSocket socket() {
            SSLSocket socket = tls;
            if (socket == null) {
                throw new IllegalStateException("not connected");
            }
            return socket;
        }

        @Override
        public InputStream input() {
            try {
                return socket().getInputStream();
            } catch (IOException e) {
                return InputStream.nullInputStream();
            }
        }

        @Override
        public OutputStream output() {
            try {
                return socket().getOutputStream();
            } catch (IOException e) {
                return OutputStream.nullOutputStream();
            }
        }

        @Override
        public void close() {
            try {
                SSLSocket socket = tls;
                if (socket != null) {
                    socket.close();
                }
                plain.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

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
}
