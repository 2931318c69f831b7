package com.containermanager.console;

import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ExecState;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * An exec's exit code, for a one-off command and a console alike: the engine records it a moment after the output
 * closes (usually within a few milliseconds), so it is asked for a millisecond apart, a second at most.
 */
final class ExitCodes {

    private static final Duration PATIENCE = Duration.ofSeconds(1);

    private ExitCodes() {}

    /** Null when the engine has not recorded it within a second; engine failures go to the caller. */
    static @Nullable Long await(ContainerRuntime runtime, String execId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            ExecState state = runtime.execInspect(execId);
            if (!state.running()) {
                return state.exitCode();
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }
}
