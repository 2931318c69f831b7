package com.containermanager.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Which lines of a container's log: the last {@code tail} lines (within since/until, Unix seconds, when given),
 * from the chosen streams, optionally with times; with {@code follow}, new lines as they come until it stops.
 */
public record LogRequest(
        int tail,
        @Nullable String since,
        @Nullable String until,
        boolean timestamps,
        boolean stdout,
        boolean stderr,
        boolean follow) {}
