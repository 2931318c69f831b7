package com.containermanager.monitoring;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * stats.max_streams_per_user and stats.max_streams: how many stats streams one user, and this instance, may hold open
 * at once (a slot each; docs/memory-budget.md).
 */
@Validated
@ConfigurationProperties("cm.stats")
public record StatsSettings(
        @Min(1) int maxStreamsPerUser, @Min(1) int maxStreams) {}
