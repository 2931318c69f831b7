package com.containermanager.container.runtime;

import java.time.Instant;
import java.util.Map;

/** One container as inspect reports it; state details are what the list does not carry. */
public record ContainerDetails(
        String id,
        String name,
        String image,
        String status,
        Instant createdAt,
        Map<String, String> labels,
        State state) {

    public record State(
            String status,
            boolean running,
            boolean paused,
            boolean restarting,
            boolean oomKilled,
            boolean dead,
            Integer pid,
            Long exitCode,
            String error,
            String startedAt,
            String finishedAt) {}
}
