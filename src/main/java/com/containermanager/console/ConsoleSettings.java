package com.containermanager.console;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * console.*: how many consoles one user may hold open at once (a slot each), and after how long without input or
 * output a console is closed.
 */
@Validated
@ConfigurationProperties("cm.console")
public record ConsoleSettings(
        @Min(1) int maxPerUser, @NotNull Duration idleTimeout) {}
