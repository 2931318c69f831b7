package com.containermanager.console;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A command was run in a container through exec (or refused), published before the answer so that the audit row
 * is written first. {@code exitCode} is set when it ran.
 */
public record ContainerCommandRan(
        long ownerId,
        String containerId,
        List<String> cmd,
        Outcome outcome,
        @Nullable Long exitCode) {

    public enum Outcome {
        OK,
        TIMED_OUT,
        NOT_FOUND,
        NOT_RUNNING,
        ENGINE_UNAVAILABLE,
        FAILED
    }
}
