package com.containermanager.observe;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what stays open (log follows, stats streams, consoles, running execs), per user and per instance: each
 * holds memory, and the per-instance bounds keep their sum within the heap (README: the memory budget). The bounds
 * of exec: how much of each output stream is kept, and how long a command may run (its default, and the most a
 * request may ask for). An idle console (no input, no output) is closed after consoleIdleTimeout.
 */
@Validated
@ConfigurationProperties("cm.observe")
public record ObserveSettings(
        @Min(1) int logFollowsPerUser,
        @Min(1) int logFollowsPerInstance,
        @Min(1) int statsStreamsPerUser,
        @Min(1) int statsStreamsPerInstance,
        @NotNull DataSize execMaxOutput,
        @NotNull Duration execDefaultTimeout,
        @NotNull Duration execMaxTimeout,
        @Min(1) int execsPerUser,
        @Min(1) int execsPerInstance,
        @Min(1) int consolesPerUser,
        @Min(1) int consolesPerInstance,
        @NotNull Duration consoleIdleTimeout) {}
