package com.containermanager.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which registries images may come from, and what is sent to each. A host is allowed only when it is listed, so a
 * loopback or private address (a port of the service's own host, an internal system) is never reached unless the
 * operator named it. Checked when a creation is submitted, again when its job runs, and by the adapter before it
 * pulls.
 */
@Component
public class RegistryPolicy {

    private final List<String> allowed;
    private final Map<String, Credentials> credentials;

    public RegistryPolicy(RegistrySettings settings) {
        this.allowed = settings.allowed();
        this.credentials =
                settings.credentialsFile() == null ? Map.of() : readCredentials(settings.credentialsFile(), allowed);
    }

    /** Whether the image's registry is one of the allowed; an invalid reference is not. */
    public boolean allows(String image) {
        return ImageReference.isValid(image)
                && allowed.contains(ImageReference.parse(image).registry());
    }

    /** The credentials configured for this registry, if it is allowed and has some (for the adapter's pulls). */
    public Optional<Credentials> credentialsFor(String registry) {
        return Optional.ofNullable(credentials.get(registry));
    }

    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    /** Docker's config.json format: {"auths": {"host": {"auth": base64("user:password")} or username and password}}. */
    private static Map<String, Credentials> readCredentials(Path file, List<String> allowed) {
        JsonNode auths;
        try {
            auths = JsonMapper.builder()
                    .build()
                    .readTree(Files.readString(file))
                    .path("auths");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read containers.registry_credentials_file " + file, e);
        }
        Map<String, Credentials> byRegistry = new HashMap<>();
        for (var entry : auths.properties()) {
            String registry = registryOf(entry.getKey());
            Credentials found = credentialsOf(entry.getValue());
            if (found != null && allowed.contains(registry)) {
                byRegistry.put(registry, found);
            }
        }
        return Map.copyOf(byRegistry);
    }

    /** "https://index.docker.io/v1/" and "registry.example.com:5000" alike: the host and port. */
    private static String registryOf(String key) {
        String host = key.contains("://") ? URI.create(key).getAuthority() : key.split("/", 2)[0];
        return ImageReference.normaliseRegistry(host.toLowerCase(Locale.ROOT));
    }

    private static @Nullable Credentials credentialsOf(JsonNode auth) {
        if (auth.hasNonNull("auth")) {
            String decoded =
                    new String(Base64.getDecoder().decode(auth.get("auth").asString()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        if (auth.hasNonNull("username") && auth.hasNonNull("password")) {
            return new Credentials(
                    auth.get("username").asString(), auth.get("password").asString());
        }
        return null;
    }
}
