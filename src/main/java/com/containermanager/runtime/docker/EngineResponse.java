package com.containermanager.runtime.docker;

import com.containermanager.runtime.docker.EngineTransport.EngineConnection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One engine answer on its own connection: status, the body as it arrives; close ends the connection. */
final class EngineResponse implements Closeable {

    private static final int SMALL_BODY_LIMIT = 64 * 1024;
    private final int status;
    private final InputStream body;
    private final OutputStream output;
    private final EngineConnection connection;
    private final EngineHttp.Deadline deadline;

    EngineResponse(
            int status,
            InputStream body,
            OutputStream output,
            EngineConnection connection,
            EngineHttp.Deadline deadline) {
        this.status = status;
        this.body = body;
        this.output = output;
        this.connection = connection;
        this.deadline = deadline;
    }

    int status() {
        return status;
    }

    InputStream body() {
        return body;
    }

    /** The client's half of a hijacked connection (exec stdin). */
    OutputStream output() {
        return output;
    }

    /** Whether the request's deadline closed the connection (a read that failed then failed for that). */
    boolean deadlinePassed() {
        return deadline.passed();
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
        deadline.disarm();
        connection.close();
    }
}
