package com.containermanager.console;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A console session ended (the process exited, the client closed, it was idle, or the server stopped), published
 * as it closes; {@code reason} says which, in words. Opening one is {@link ConsoleSessionOpened}.
 */
public record ConsoleSessionEnded(
        long ownerId,
        String containerId,
        List<String> cmd,
        String reason,
        @Nullable Long exitCode,
        Duration lasted) {}
