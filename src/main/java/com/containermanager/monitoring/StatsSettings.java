package com.containermanager.monitoring;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** stats.max_streams_per_user: how many stats streams one user may hold open at once (a slot each). */
@Validated
@ConfigurationProperties("cm.stats")
public record StatsSettings(@Min(1) int maxStreamsPerUser) {}
