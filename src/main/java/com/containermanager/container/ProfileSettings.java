package com.containermanager.container;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The operator's profiles, by name (containers.profiles.&lt;name&gt;.cpus, ...), and the one a creation without a
 * profile gets (containers.default_profile). Bound straight from the public keys: a map of entries has no single
 * environment variable to mirror. With no profile configured there is one, {@code small}, of the containers.*
 * sizes and every image. A field left out takes the containers.* setting of the same meaning.
 */
@Validated
@ConfigurationProperties("containers")
public record ProfileSettings(
        @DefaultValue Map<String, @Valid Profile> profiles,
        @DefaultValue("small") String defaultProfile) {

    /**
     * images: patterns of the images it may run ({@code *} any run of characters; matched against the reference
     * as written and as the engine names it, {@code docker.io/library/alpine:latest}); empty: every image. groups:
     * the groups whose members may use it (empty: everybody). gpus: GPUs requested from the engine's GPU driver
     * (documented, not tested here). egress: allowed or none, whether its containers' network reaches outside the
     * host (null: containers.egress). idleStopAfter, maxLifetime, deleteAfterStopped, warnBefore: the profile's
     * lifecycle policy (null: the lifecycle.* setting). busyCpuPercent: a container due for an idle stop that uses at
     * least this much CPU (percent of one CPU; 0: off) is not stopped (null: lifecycle.busy_cpu_percent).
     */
    public record Profile(
            @DefaultValue List<String> images,
            @Nullable Double cpus,
            @Nullable DataSize memory,
            @Nullable Long pids,
            @DefaultValue("0") int gpus,
            @Nullable Boolean readOnly,
            @DefaultValue List<String> groups,
            @Nullable String egress,
            @Nullable Duration idleStopAfter,
            @Nullable Duration maxLifetime,
            @Nullable Duration deleteAfterStopped,
            @Nullable Duration warnBefore,
            @Nullable @PositiveOrZero Double busyCpuPercent) {}
}
