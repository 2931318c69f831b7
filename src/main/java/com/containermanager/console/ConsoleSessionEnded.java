package com.containermanager.console;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A console session ended (the process exited, the client closed or went away, it was idle, the engine's stream
 * broke, or the server stopped), published as it closes; {@code reason} says which, in words. {@code exitCode} is
 * the process's own when it exited; {@code killed} says the session ended it. Opening one is
 * {@link ConsoleSessionOpened}.
 */
public record ConsoleSessionEnded(
        long ownerId,
        String containerId,
        List<String> cmd,
        String reason,
        @Nullable Long exitCode,
        boolean killed,
        Duration lasted) {}
