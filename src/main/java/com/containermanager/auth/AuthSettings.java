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
     * Failed logins for one username from one client address (or one login device) beyond freeFailures block that
     * pair (or device); beyond addressFreeFailures for one address (many users may share one), the address; beyond
     * usernameFreeFailures for one username from anywhere, the username. A block lasts baseBlock, doubling with each
     * further failure up to maxBlock. The address and username ceilings refuse only strangers: an address with a
     * right password in the last knownFor, and for the username's ceiling an address where that username logged in,
     * are slowed instead (slowDelay before the check, at most maxSlowed waiting at once), and a login device (a
     * browser that logged in before) counts on its own alone. At most maxConcurrentChecks password checks run at once
     * (0: the number of processors).
     */
    public record Throttle(
            @Min(1) int freeFailures,
            @Min(1) int addressFreeFailures,
            @NotNull Duration baseBlock,
            @NotNull Duration maxBlock,
            @Min(1) int usernameFreeFailures,
            @Min(0) int maxConcurrentChecks,
            @NotNull Duration knownFor,
            @NotNull Duration slowDelay,
            @Min(1) int maxSlowed) {

        /** The constructor settings are bound through (the record has others). */
        @ConstructorBinding
        public Throttle {}

        /** The defaults for the settings added with the shared throttle: a ceiling of 100, one check per processor. */
        public Throttle(int freeFailures, int addressFreeFailures, Duration baseBlock, Duration maxBlock) {
            this(freeFailures, addressFreeFailures, baseBlock, maxBlock, 100, 0);
        }

        /** The defaults for the known clients' settings: 30 days, one second, 64. */
        public Throttle(
                int freeFailures,
                int addressFreeFailures,
                Duration baseBlock,
                Duration maxBlock,
                int usernameFreeFailures,
                int maxConcurrentChecks) {
            this(
                    freeFailures,
                    addressFreeFailures,
                    baseBlock,
                    maxBlock,
                    usernameFreeFailures,
                    maxConcurrentChecks,
                    Duration.ofDays(30),
                    Duration.ofSeconds(1),
                    64);
        }

        public int concurrentChecks() {
            return maxConcurrentChecks > 0
                    ? maxConcurrentChecks
                    : Runtime.getRuntime().availableProcessors();
        }
    }
}
