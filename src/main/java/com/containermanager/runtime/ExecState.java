package com.containermanager.runtime;

import org.jspecify.annotations.Nullable;

/** An exec process as the engine reports it: still running, or ended with its exit code. */
public record ExecState(boolean running, @Nullable Long exitCode) {}
