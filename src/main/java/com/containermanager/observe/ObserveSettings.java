package com.containermanager.observe;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Per-user limits on what stays open (log follows, stats streams, consoles), and the bounds of exec: how much of
 * each output stream is kept, and how long a command may run (its default, and the most a request may ask for).
 * An idle console (no input, no output) is closed after consoleIdleTimeout.
 */
@Validated
@ConfigurationProperties("cm.observe")
public record ObserveSettings(
        @Min(1) int logFollowsPerUser,
        @Min(1) int statsStreamsPerUser,
        @NotNull DataSize execMaxOutput,
        @NotNull Duration execDefaultTimeout,
        @NotNull Duration execMaxTimeout,
        @Min(1) int consolesPerUser,
        @NotNull Duration consoleIdleTimeout) {}
