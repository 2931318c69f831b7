package com.containermanager.runtime;

import org.jspecify.annotations.Nullable;

/** One container as inspect reports it: what the list does not carry. */
public record ContainerDetails(String name, String status, State state) {

    public record State(
            String status,
            boolean running,
            boolean paused,
            boolean restarting,
            boolean oomKilled,
            boolean dead,
            @Nullable Integer pid,
            @Nullable Long exitCode,
            @Nullable String error,
            @Nullable String startedAt,
            @Nullable String finishedAt) {}
}
