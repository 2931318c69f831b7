package com.containermanager.runtime;

import java.io.Closeable;
import java.io.IOException;

/**
 * The connection to a started exec process: its output (decoded from the engine's frames, or raw with a TTY) and,
 * with a TTY, its input. Reading and writing may happen on different threads. Closing it does not end the process:
 * the engine keeps it running, so whoever started it must end it.
 */
public interface ExecAttachment extends Closeable {

    /** Hands the next piece of output to the sink; false when the process closed its output (it ended). */
    boolean read(OutputSink sink) throws IOException;

    /** Writes to the process's stdin (TTY execs only). */
    void write(byte[] input) throws IOException;

    @Override
    void close();
}
