package com.containermanager.container.runtime;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The Docker engine, in the service's own words. Only {@link DockerContainerRuntime} sees docker-java; everything
 * the engine can say comes out of here as one of the exceptions of this package.
 */
public interface ContainerRuntime {

    /** Engine version, e.g. "20.10.24"; throws {@link EngineUnavailableException} when it does not answer. */
    String ping();

    /** Pulls the image, reporting aggregate progress; throws {@link ImageUnavailableException} when it cannot be had. */
    void pull(String image, PullProgressListener progress);

    /** Creates (does not start) a container; throws {@link ContainerNameConflictException} when the name exists. */
    String create(ContainerSpec spec);

    /** The container created for this job, if a previous attempt got that far. */
    Optional<String> findByLabel(String key, String value);

    void start(String containerId);

    /** Stops with the given grace period in seconds, or the engine's default when null. */
    void stop(String containerId, Integer timeoutSeconds);

    /** Removes, forced; an absent container is not an error. */
    void remove(String containerId);

    /** All containers carrying this label, in one engine call. */
    List<ContainerSummary> listByLabel(String key, String value);

    Optional<ContainerDetails> inspect(String containerId);

    /** Extracts a tar stream into an existing directory of the container. */
    void copyIn(String containerId, String directory, InputStream tar);

    /** Aggregate pull progress over all layers, in bytes; total is unknown (0) until the engine reports sizes. */
    @FunctionalInterface
    interface PullProgressListener {
        void onProgress(long current, long total);
    }
}
