package com.containermanager.auth;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Personal API tokens: at most maxPerUser per user (403 past it), living defaultLifetime unless the request says
 * otherwise and never longer than maxLifetime.
 */
@Validated
@ConfigurationProperties("cm.auth.tokens")
public record PersonalTokenSettings(
        @Min(1) int maxPerUser,
        @NotNull Duration defaultLifetime,
        @NotNull Duration maxLifetime) {}
