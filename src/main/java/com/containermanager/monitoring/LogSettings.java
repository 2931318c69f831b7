package com.containermanager.monitoring;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * logs.max_follows_per_user and logs.max_follows: how many log follows one user, and this instance, may hold open at
 * once (a slot each; docs/memory-budget.md).
 */
@Validated
@ConfigurationProperties("cm.logs")
public record LogSettings(
        @Min(1) int maxFollowsPerUser, @Min(1) int maxFollows) {}
