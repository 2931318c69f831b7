package com.containermanager.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP layer: maxJsonBody caps every body that is not a file upload, and jsonBodies (per instance) and
 * jsonBodiesPerClient (per client address) bound what such bodies hold at once; keepAlive is how often a Server-Sent
 * Events answer gets a comment line while nothing else is sent (the contract: at least every 15 s).
 */
@Validated
@ConfigurationProperties("cm.web")
public record WebSettings(
        @NotNull DataSize maxJsonBody,
        @NotNull Duration keepAlive,
        @NotNull DataSize jsonBodies,
        @NotNull DataSize jsonBodiesPerClient) {

    public WebSettings {
        keepAlive = keepAlive == null ? Duration.ofSeconds(15) : keepAlive;
        jsonBodies = jsonBodies == null ? DataSize.ofMegabytes(8) : jsonBodies;
        jsonBodiesPerClient = jsonBodiesPerClient == null ? DataSize.ofMegabytes(2) : jsonBodiesPerClient;
    }
}
