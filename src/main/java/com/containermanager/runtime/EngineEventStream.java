package com.containermanager.runtime;

import java.io.Closeable;
import org.jspecify.annotations.Nullable;

/** The engine's event stream for managed containers, as it happens; closing it (from any thread) ends it. */
public interface EngineEventStream extends Closeable {

    /** The next event, waiting for it; null when the engine ended the stream. Throws if the connection broke. */
    @Nullable
    EngineEvent next();

    @Override
    void close();
}
