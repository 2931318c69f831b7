package com.containermanager.event;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The resume window (per user: the last windowSize events, none older than windowAge; on this instance at most
 * maxKept events in all, the oldest dropped first), and how many event streams one user, and this instance, may hold
 * open at once.
 */
@Validated
@ConfigurationProperties("cm.events")
public record EventSettings(
        @Min(1) int windowSize,
        @NotNull Duration windowAge,
        @Min(1) int maxKept,
        @Min(1) int streamsPerUser,
        @Min(1) int streamsPerInstance) {}
