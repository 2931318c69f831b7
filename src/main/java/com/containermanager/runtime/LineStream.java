package com.containermanager.runtime;

import java.io.Closeable;
import org.jspecify.annotations.Nullable;

/**
 * Lines as the engine sends them, read one at a time by the caller's thread: nothing is read ahead beyond one
 * buffer, so memory does not grow with the log. Closing it (from any thread) ends a follow and frees the connection.
 */
public interface LineStream extends Closeable {

    /** The next line, waiting for it when following; null at the end. Throws EngineUnavailableException if cut. */
    @Nullable
    LogLine next();

    /** Whether next() can answer without waiting for the engine (lines or bytes already arrived). */
    boolean hasBuffered();

    @Override
    void close();
}
