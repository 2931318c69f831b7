package com.containermanager.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * workers: jobs run at once by this instance; lease: how long a claimed job stays with its worker without renewal;
 * idlePoll: the fallback re-check when no notification arrives; retryFor: how long transient failures are retried;
 * shutdownGrace: how long running jobs may finish on shutdown before they are handed back; retention: how long
 * finished jobs are kept.
 */
@Validated
@ConfigurationProperties("cm.jobs")
public record JobSettings(
        @Min(0) @Max(64) int workers,
        @NotNull Duration lease,
        @NotNull Duration idlePoll,
        @NotNull Duration retryFor,
        @NotNull Duration shutdownGrace,
        @NotNull Duration retention) {}
