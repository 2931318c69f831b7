package com.containermanager.container.runtime;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the engine (DOCKER_HOST), and extra labels put on every container this instance creates
 * (operators use them to tell instances apart; the test suite marks its containers with them).
 */
@Validated
@ConfigurationProperties("cm.docker")
public record DockerSettings(@NotBlank String host, Map<String, String> labels) {

    public DockerSettings {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
