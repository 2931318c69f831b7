package com.containermanager.container;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The lifecycle policy every container follows (until profiles carry their own), and how it is applied: a policy
 * round every {@code roundInterval} (on every instance; a claim in the row makes exactly one act on a container),
 * activity written at most once per {@code activityWriteInterval} per container, and a claim that another round may
 * take over after {@code claimFor} (its instance died). {@code busyCpuPercent} (0: off): a container due for an idle
 * stop whose own CPU use is at least this (percent of one CPU, as docker stats shows it) is not stopped; a profile
 * may set its own.
 */
@Validated
@ConfigurationProperties("cm.lifecycle")
public record LifecycleSettings(
        @NotNull Duration idleStopAfter,
        @NotNull Duration maxLifetime,
        @NotNull Duration deleteAfterStopped,
        @NotNull Duration warnBefore,
        @NotNull Duration roundInterval,
        @NotNull Duration activityWriteInterval,
        @NotNull Duration claimFor,
        @PositiveOrZero double busyCpuPercent) {

    public LifecyclePolicy policy() {
        return new LifecyclePolicy(idleStopAfter, maxLifetime, deleteAfterStopped, warnBefore);
    }
}
