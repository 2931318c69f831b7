package com.containermanager.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One engine answer on its own connection: status, headers, the body as it arrives; close ends the connection. */
final class EngineResponse implements Closeable {

    private static final int SMALL_BODY_LIMIT = 64 * 1024;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final OutputStream output;
    private final SocketChannel channel;

    EngineResponse(
            int status, Map<String, String> headers, InputStream body, OutputStream output, SocketChannel channel) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.output = output;
        this.channel = channel;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    InputStream body() {
        return body;
    }

    /** The client's half of a hijacked connection (exec stdin). */
    OutputStream output() {
        return output;
    }

    /** Half-closes the writing side: the engine sees the end of stdin, the answer keeps coming. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** A short body (an error message, one JSON document), at most 64 KiB. */
    String readSmallBody() {
        try {
            return new String(body.readNBytes(SMALL_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        EngineHttp.closeQuietly(channel);
    }
}
