package com.containermanager.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Token signing and login throttling. An empty jwtSecret means "generate one and keep it in the data folder". */
@Validated
@ConfigurationProperties("cm.auth")
public record AuthSettings(
        String jwtSecret,
        @NotNull Duration tokenLifetime,
        @Valid @NotNull Throttle throttle) {

    /**
     * Failed logins for one username beyond freeFailures (for one client address: beyond addressFreeFailures, as
     * many users may share an address) block that key for baseBlock, doubling with each further failure up to maxBlock.
     */
    public record Throttle(
            @Min(1) int freeFailures,
            @Min(1) int addressFreeFailures,
            @NotNull Duration baseBlock,
            @NotNull Duration maxBlock) {}
}
