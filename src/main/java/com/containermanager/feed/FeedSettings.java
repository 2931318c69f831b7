package com.containermanager.feed;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * events.*: the feed's resume window (per user: the last windowSize events, none older than windowAge; on this
 * instance at most maxKept events in all, the oldest dropped first), and how many feeds one user, and this instance,
 * may hold open at once (a slot each; docs/memory-budget.md). The public keys keep the endpoint's name, /events.
 */
@Validated
@ConfigurationProperties("cm.events")
public record FeedSettings(
        @Min(1) int windowSize,
        @NotNull Duration windowAge,
        @Min(1) int maxKept,
        @Min(1) int maxStreamsPerUser,
        @Min(1) int maxStreams) {}
