package com.containermanager.runtime;

import org.jspecify.annotations.Nullable;

/** One line a container printed: its stream, the engine's time for it (when asked for), and its text. */
public record LogLine(OutputKind stream, @Nullable String time, String text) {}
