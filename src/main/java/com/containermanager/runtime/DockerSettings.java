package com.containermanager.runtime;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the engine (DOCKER_HOST); extra labels put on every container this instance creates (operators use
 * them to tell instances apart; the test suite marks its containers with them); and the limits every user
 * container gets, which users cannot change: memory, process count, and the network it joins (empty: the
 * engine's default; "none" cuts users' containers off the network and from each other). pullTimeout: the overall
 * deadline of one image pull, however slowly the registry sends.
 */
@Validated
@ConfigurationProperties("cm.docker")
public record DockerSettings(
        @NotBlank String host,
        Map<String, String> labels,
        @NotNull DataSize memory,
        @Min(16) long pidsLimit,
        String network,
        @NotNull Duration pullTimeout) {

    public DockerSettings {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
