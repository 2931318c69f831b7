package com.containermanager.feed;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * events.*: the feed's resume window (per user: the last windowSize events, none older than windowAge), and how
 * many feeds one user may hold open at once (a slot each). The public keys keep the endpoint's name, /events.
 */
@Validated
@ConfigurationProperties("cm.events")
public record FeedSettings(
        @Min(1) int windowSize,
        @NotNull Duration windowAge,
        @Min(1) int maxStreamsPerUser) {}
