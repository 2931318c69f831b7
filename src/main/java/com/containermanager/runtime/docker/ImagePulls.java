package com.containermanager.runtime.docker;

import com.containermanager.runtime.ContainerRuntime.PullProgressListener;
import com.containermanager.runtime.EnginePullTimeoutException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ImagePullException;
import com.containermanager.runtime.ImageReference;
import com.containermanager.runtime.RegistryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Image pulls ({@code POST /images/create}) within the overall deadline (containers.pull_timeout): the read timeout
 * alone would let a registry that trickles bytes hold the worker for ever, so the deadline closes the connection,
 * even before the engine has answered a byte, and nothing of ours is left waiting on the engine. It sends the
 * credentials configured for the image's registry or none (never the service user's ~/.docker/config.json, which
 * would let any user pull the operator's private images). Failures are told in our words; the engine's text goes to
 * the log only.
 */
final class ImagePulls {

    private static final Logger log = LoggerFactory.getLogger(ImagePulls.class);
    private static final int MAX_JSON_LINE = 1024 * 1024;

    private final EngineHttp http;
    private final RegistryPolicy registries;
    private final Duration deadline;

    ImagePulls(EngineHttp http, RegistryPolicy registries, Duration deadline) {
        this.http = http;
        this.registries = registries;
        this.deadline = deadline;
    }

    void pull(String image, PullProgressListener progress) {
        if (!registries.allows(image)) {
            throw new ImagePullException(ImagePullException.Reason.REGISTRY_NOT_ALLOWED);
        }
        ImageReference reference = ImageReference.parse(image);
        String query = "/images/create?fromImage=" + EngineQuery.encode(reference.repository()) + "&tag="
                + EngineQuery.encode(reference.digest() != null ? reference.digest() : reference.tag());
        Map<String, String> headers = new HashMap<>();
        authFor(reference.registry()).ifPresent(auth -> headers.put("X-Registry-Auth", auth));
        EngineResponse response;
        try {
            // The engine may say nothing, headers included, until the registry has sent the manifest.
            response = http.within(
                    new EngineHttp.Request("POST", query, Map.copyOf(headers), null, null, false), deadline);
        } catch (EngineUnavailableException e) {
            if (e.getCause() instanceof EngineHttp.DeadlinePassed) {
                throw new EnginePullTimeoutException();
            }
            throw e;
        }
        try (response) {
            if (response.status() >= 400) {
                throw pullFailed(image, EngineErrors.messageOf(response.readSmallBody()));
            }
            String error = read(response.body(), progress);
            if (error != null) {
                throw pullFailed(image, error);
            }
        } catch (IOException | JacksonException e) {
            if (response.deadlinePassed()) {
                throw new EnginePullTimeoutException();
            }
            throw new EngineUnavailableException(e);
        }
    }

    /** Base64url JSON, as the engine wants X-Registry-Auth; Docker Hub under its historical address. */
    private Optional<String> authFor(String registry) {
        return registries.credentialsFor(registry).map(credentials -> {
            Map<String, String> auth = new LinkedHashMap<>();
            auth.put("username", credentials.username());
            auth.put("password", credentials.password());
            auth.put(
                    "serveraddress",
                    registry.equals(ImageReference.DOCKER_HUB) ? "https://index.docker.io/v1/" : registry);
            return Base64.getUrlEncoder().encodeToString(EngineQuery.JSON.writeValueAsBytes(auth));
        });
    }

    /** The pull's JSON lines: progress per layer, summed; an error inside the stream fails the pull (returned). */
    private static @Nullable String read(InputStream body, PullProgressListener listener) throws IOException {
        Map<String, long[]> layers = new HashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        for (int c = body.read(); ; c = body.read()) {
            if (c < 0 || c == '\n') {
                if (line.size() > 0) {
                    String error = onLine(EngineQuery.JSON.readTree(line.toByteArray()), layers, listener);
                    if (error != null) {
                        return error;
                    }
                    line.reset();
                }
                if (c < 0) {
                    return null;
                }
            } else if (line.size() >= MAX_JSON_LINE) {
                throw new IOException("the engine sent an oversized progress line");
            } else {
                line.write(c);
            }
        }
    }

    private static @Nullable String onLine(JsonNode item, Map<String, long[]> layers, PullProgressListener listener) {
        if (item.hasNonNull("errorDetail") || item.hasNonNull("error")) {
            String detail = item.path("errorDetail").path("message").asString("");
            return detail.isEmpty() ? item.path("error").asString("") : detail;
        }
        JsonNode detail = item.path("progressDetail");
        if (!item.hasNonNull("id") || !detail.path("current").isNumber()) {
            return null;
        }
        long total = Math.max(0, detail.path("total").asLong(0));
        layers.put(
                item.path("id").asString(), new long[] {detail.path("current").asLong(), total});
        long current = 0;
        long sum = 0;
        for (long[] layer : layers.values()) {
            current += layer[0];
            sum += layer[1];
        }
        listener.onProgress(current, sum);
        return null;
    }

    /**
     * Only two things are told: the registry has no such image for us (none, or none without credentials we do not
     * send), or the registry could not be used (no answer, or not a registry's).
     */
    private static ImagePullException pullFailed(String image, String engineText) {
        String text = engineText.toLowerCase(Locale.ROOT);
        boolean notFound = text.contains("not found")
                || text.contains("manifest unknown")
                || text.contains("pull access denied")
                || text.contains("repository does not exist")
                || text.contains("unauthorized")
                || text.contains("no basic auth credentials")
                || text.contains("authentication required")
                || text.contains("denied");
        log.info("Pull of {} failed; the engine said: {}", image, engineText);
        return new ImagePullException(
                notFound ? ImagePullException.Reason.IMAGE_NOT_FOUND : ImagePullException.Reason.REGISTRY_UNREACHABLE);
    }
}
