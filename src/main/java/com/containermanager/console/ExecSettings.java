package com.containermanager.console;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * exec.*: how much of each output stream of a command is kept, how long it may run (its default, and the most a
 * request may ask for), and how many may run at once per user and on this instance (a slot each, holding up to twice
 * maxOutput; docs/memory-budget.md).
 */
@Validated
@ConfigurationProperties("cm.exec")
public record ExecSettings(
        @NotNull DataSize maxOutput,
        @NotNull Duration defaultTimeout,
        @NotNull Duration maxTimeout,
        @Min(1) int maxPerUser,
        @Min(1) int maxRunning) {}
