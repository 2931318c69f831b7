package com.containermanager.runtime;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a managed container, as the engine reports it ({@code action}: create, start, die,
 * stop, kill, oom, destroy, restart, ...), with the owner and exit code from the event's attributes.
 */
public record EngineEvent(
        String containerId,
        String action,
        @Nullable Long ownerId,
        @Nullable Long exitCode,
        Instant time) {}
