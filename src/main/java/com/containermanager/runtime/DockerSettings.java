package com.containermanager.runtime;

import com.containermanager.platform.StartupRefusal;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the engine (DOCKER_HOST); extra labels put on every container this instance creates (operators use
 * them to tell instances apart; the test suite marks its containers with them); and the limits every user
 * container gets, which users cannot change: memory, CPUs, process count, a read-only root file system or not, and
 * the network it joins (empty: each user's own, see container.UserNetworks; a name: that network for everybody; "none"
 * cuts users' containers off the network and from each other; "host" and "container:..." are refused, since they
 * would share the host's or another container's network).
 * pullTimeout: the overall deadline of one image pull, however slowly the registry sends. logMaxSize and logMaxFiles:
 * the engine's json-file log of each container is rotated at that size and keeps that many files, which bounds the
 * disk one container's output can take (a follow that lags more than the kept files behind misses lines).
 * tlsVerify and certPath (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, as the docker CLI reads them): a {@code tcp://}
 * engine is reached over TLS with ca.pem, cert.pem and key.pem from certPath (empty: ~/.docker).
 */
@Validated
@ConfigurationProperties("cm.docker")
public record DockerSettings(
        @NotBlank String host,
        Map<String, String> labels,
        @NotNull DataSize memory,
        @Min(16) long pidsLimit,
        String network,
        @NotNull Duration pullTimeout,
        @DecimalMin("0.01") double cpus,
        boolean readOnly,
        @NotNull DataSize logMaxSize,
        @Min(1) int logMaxFiles,
        boolean tlsVerify,
        @Nullable Path certPath) {

    /** The same settings for the engine at another address (a swarm node's own engine, under runtime.kind: swarm). */
    public DockerSettings withHost(String otherHost) {
        return new DockerSettings(
                otherHost,
                labels,
                memory,
                pidsLimit,
                network,
                pullTimeout,
                cpus,
                readOnly,
                logMaxSize,
                logMaxFiles,
                tlsVerify,
                certPath);
    }

    /** What a container of no profile gets: the containers.* sizes. */
    public ContainerSize defaultSize() {
        return new ContainerSize(cpus, memory.toBytes(), pidsLimit, 0, readOnly);
    }

    public DockerSettings {
        certPath = certPath == null || certPath.toString().isBlank()
                ? Path.of(System.getProperty("user.home"), ".docker")
                : certPath;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        String mode = network == null ? "" : network.strip().toLowerCase(Locale.ROOT);
        if (mode.equals("host") || mode.startsWith("container:")) {
            throw new StartupRefusal("containers.network (CONTAINERS_NETWORK) must not be \"" + network
                    + "\": users' containers would share the network of the host or of another container;"
                    + " leave it empty for the engine's default, or name a network such as none");
        }
    }
}
