package com.containermanager.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where PostgreSQL is: an empty host means "start the embedded one in the data folder". */
@Validated
@ConfigurationProperties("cm.db")
public record DatabaseSettings(
        String host,
        @Min(1) @Max(65535) int port,
        @NotBlank String user,
        String password,
        @NotBlank String name) {

    public boolean embedded() {
        return host == null || host.isBlank();
    }
}
