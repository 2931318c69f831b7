package com.containermanager.container;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The orphan sweeper: it runs every interval, and removes a container of this installation that nobody owns once it
 * is older than grace (and no unfinished job claims it).
 */
@Validated
@ConfigurationProperties("cm.orphans")
public record OrphanSettings(
        @NotNull Duration grace, @NotNull Duration interval) {}
