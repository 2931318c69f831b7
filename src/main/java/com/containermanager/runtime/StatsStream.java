package com.containermanager.runtime;

import java.io.Closeable;
import org.jspecify.annotations.Nullable;

/** The engine's stats of one container, one sample a second; closing it (from any thread) ends it. */
public interface StatsStream extends Closeable {

    /** The next sample (unsampled zeros while the container is stopped), or null when the engine ended the stream. */
    @Nullable
    ContainerStats next();

    @Override
    void close();
}
