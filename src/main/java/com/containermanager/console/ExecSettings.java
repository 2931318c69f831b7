package com.containermanager.console;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * exec.*: how much of each output stream of a command is kept, and how long it may run (its default, and the most a
 * request may ask for).
 */
@Validated
@ConfigurationProperties("cm.exec")
public record ExecSettings(
        @NotNull DataSize maxOutput,
        @NotNull Duration defaultTimeout,
        @NotNull Duration maxTimeout) {}
