package com.containermanager.monitoring;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** logs.max_follows_per_user: how many log follows one user may hold open at once (a slot each). */
@Validated
@ConfigurationProperties("cm.logs")
public record LogSettings(@Min(1) int maxFollowsPerUser) {}
