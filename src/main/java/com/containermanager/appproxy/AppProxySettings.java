package com.containermanager.appproxy;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * proxy.*: the apps' domain (their hosts are its sub-domains), whether a port may be public, the longest share link,
 * how long a browser's session on an app lasts, the proxied connections one app owner, and this instance, may hold
 * at once (docs/memory-budget.md), the largest request body, and the timeouts: connect, idle (no byte either way) and
 * total.
 */
@Validated
@ConfigurationProperties("cm.proxy")
public record AppProxySettings(
        @NotNull @Pattern(regexp = "[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9])?", message = "must be a lower-case host name")
        String domain,

        boolean publicAccess,
        @NotNull Duration maxShareLifetime,
        @NotNull Duration sessionLifetime,
        @Min(1) int maxConnectionsPerUser,
        @Min(1) int maxConnections,
        @NotNull DataSize maxBody,
        @NotNull Duration connectTimeout,
        @NotNull Duration idleTimeout,
        @NotNull Duration maxDuration) {}
