package com.containermanager.user;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * mode: whether anyone may register (open) or only the operator makes accounts (closed: make user NAME=...);
 * perHour: registrations accepted from one client address in any hour, 0 for no limit.
 */
@Validated
@ConfigurationProperties("cm.registration")
public record RegistrationSettings(
        @NotNull Mode mode, @Min(0) int perHour) {

    public enum Mode {
        OPEN,
        CLOSED
    }
}
