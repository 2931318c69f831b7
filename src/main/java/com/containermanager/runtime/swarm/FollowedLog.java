package com.containermanager.runtime.swarm;

import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogLine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A followed service log that ends, as a followed container's log does, once the task it followed no longer runs.
 * Swarm's own stream stays open after the service is scaled to 0 (it would go on with the next task), so a watcher
 * asks every {@code every} whether that task still runs; when it does not, it waits one more round for the node's
 * last lines and closes the stream, and {@link #next} answers its end. When the manager does not answer the
 * question, the follow ends as the engine's stream would: {@link EngineUnavailableException}.
 */
final class FollowedLog implements LineStream {

    private final LineStream lines;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable EngineUnavailableException failure;
    private final Thread watcher;

    FollowedLog(LineStream lines, BooleanSupplier stillRunning, Duration every) {
        this.lines = lines;
        this.watcher = Thread.ofVirtual().name("swarm-log-follow").start(() -> watch(stillRunning, every));
    }

    private void watch(BooleanSupplier stillRunning, Duration every) {
        try {
            while (!ended.get()) {
                Thread.sleep(every);
                boolean running;
                try {
                    running = stillRunning.getAsBoolean();
                } catch (EngineException e) {
                    failure = e instanceof EngineUnavailableException unavailable
                            ? unavailable
                            : new EngineUnavailableException(e);
                    running = false;
                }
                if (!running) {
                    if (failure == null) {
                        Thread.sleep(every); // the node's last lines are on their way through the manager
                    }
                    end();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the reader
        }
    }

    private void end() {
        ended.set(true);
        lines.close();
    }

    @Override
    public @Nullable LogLine next() {
        try {
            LogLine line = lines.next();
            return line != null ? line : endOrFailure();
        } catch (EngineUnavailableException e) {
            if (ended.get()) {
                return endOrFailure();
            }
            throw e;
        }
    }

    private @Nullable LogLine endOrFailure() {
        EngineUnavailableException failed = failure;
        if (failed != null) {
            throw failed;
        }
        return null;
    }

    @Override
    public boolean hasBuffered() {
        return !ended.get() && lines.hasBuffered();
    }

    @Override
    public void close() {
        watcher.interrupt();
        end();
    }
}
