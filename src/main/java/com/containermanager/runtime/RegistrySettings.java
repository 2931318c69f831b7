package com.containermanager.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which registries users' images may come from (containers.allowed_registries: hosts, with their port if any,
 * matched exactly; "docker.io" stands for Docker Hub and every name without a registry), and the credentials sent
 * to them (containers.registry_credentials_file: a file in Docker's config.json format, read for the allowed
 * registries only; nothing else is ever sent, in particular not the service user's own ~/.docker/config.json).
 */
@ConfigurationProperties("cm.registries")
public record RegistrySettings(
        List<String> allowed, @Nullable Path credentialsFile) {

    public RegistrySettings {
        allowed = allowed == null
                ? List.of()
                : allowed.stream()
                        .map(host ->
                                ImageReference.normaliseRegistry(host.strip().toLowerCase(Locale.ROOT)))
                        .filter(host -> !host.isEmpty())
                        .distinct()
                        .toList();
    }
}
