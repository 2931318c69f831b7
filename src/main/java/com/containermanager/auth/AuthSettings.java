package com.containermanager.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/** Token signing and login throttling. An empty jwtSecret means "generate one and keep it in the data folder". */
@Validated
@ConfigurationProperties("cm.auth")
public record AuthSettings(
        String jwtSecret,
        @NotNull Duration tokenLifetime,
        @Valid @NotNull Throttle throttle) {

    /**
     * Failed logins for one username from one client address beyond freeFailures block that pair; beyond
     * addressFreeFailures for one address (many users may share one), the address; beyond usernameFreeFailures for
     * one username from anywhere, the username. A block lasts baseBlock, doubling with each further failure up to
     * maxBlock. At most maxConcurrentChecks password checks run at once (0: the number of processors).
     */
    public record Throttle(
            @Min(1) int freeFailures,
            @Min(1) int addressFreeFailures,
            @NotNull Duration baseBlock,
            @NotNull Duration maxBlock,
            @Min(1) int usernameFreeFailures,
            @Min(0) int maxConcurrentChecks) {

        /** The constructor settings are bound through (the record has a second one). */
        @ConstructorBinding
        public Throttle {}

        /** The defaults for the settings added with the shared throttle: a ceiling of 100, one check per processor. */
        public Throttle(int freeFailures, int addressFreeFailures, Duration baseBlock, Duration maxBlock) {
            this(freeFailures, addressFreeFailures, baseBlock, maxBlock, 100, 0);
        }

        public int concurrentChecks() {
            return maxConcurrentChecks > 0
                    ? maxConcurrentChecks
                    : Runtime.getRuntime().availableProcessors();
        }
    }
}
