package com.containermanager.runtime;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The container engine, in the service's own words. Only the adapter (runtime.docker) speaks the engine's API;
 * everything the engine can say comes out of here as an answer or as one of the {@link EngineException}s.
 */
public interface ContainerRuntime {

    /** Where a container finds the user's files. */
    String FILES_DIRECTORY = "/files";

    /** The engine's version, e.g. "20.10.24"; throws {@link EngineUnavailableException} when it does not answer. */
    String version();

    /**
     * Which engine this runtime reaches: Docker's own ID for it (from /info), stable across restarts of the engine.
     * Ownership rows record it, so that a container is forgotten only when the engine it lives on says it is gone,
     * never because another engine (another DOCKER_HOST, or a typo) does not know it. Throws
     * {@link EngineUnavailableException} when the engine does not answer and its ID is not known yet.
     */
    String engineId();

    /** Ids of every container this service manages on this engine (its "managed" label), in one call. */
    Set<String> managedContainerIds();

    /**
     * Pulls the image from an allowed registry, reporting aggregate progress; throws {@link ImagePullException}
     * (image not found, registry not allowed, registry unreachable) when it cannot.
     */
    void pull(String image, PullProgressListener progress);

    /** Creates (does not start) a container; throws {@link EngineNameConflictException} when the name exists. */
    String create(ContainerSpec spec);

    /**
     * Makes sure this user's network exists (made now, or found by its name), and answers its name for
     * {@link ContainerSpec#network()}; safe when several instances ask at once. Empty when the engine refused the
     * subnet because another network holds addresses that overlap it (another installation on the same engine):
     * the caller hands out another subnet and asks again.
     */
    Optional<String> ensureNetwork(UserNetwork network);

    /** The IPv4 subnets (CIDR) of every network on the engine, whoever made it: for skipping them all at once. */
    Set<String> networkSubnets();

    /**
     * Removes every network of this owner (of this installation), and first the relays on them; answers how many
     * networks. Absent ones are no error.
     */
    int removeNetworks(long ownerId);

    /**
     * Makes sure this volume exists with its size limit and can be mounted (made now, or found and attached again
     * after a restart of the host); safe to call again, and when several instances ask at once. Throws
     * {@link EngineRefusedException} when the host cannot give it.
     */
    void ensureVolume(VolumeSpec volume);

    /**
     * Bytes in use on the volume's file system (0 for one not made yet). Throws {@link EngineContainerLostException}
     * when its data is gone with the host that held it (under swarm: its node is no longer in the swarm; such a volume
     * can only be removed), {@link EngineUnavailableException} while that host does not answer.
     */
    long volumeUsedBytes(java.util.UUID volumeId);

    /**
     * Removes the volume and its data; an absent one is no error. False, and nothing removed, while a container
     * (running or not) still mounts it.
     */
    boolean removeVolume(java.util.UUID volumeId);

    /** "hard" when a write past a volume's size fails, "soft" when the size is only measured. */
    String volumeLimit();

    /** The machines of a runtime that has several (Swarm's nodes), as its managers see them; none for one engine. */
    default java.util.List<RuntimeNode> nodes() {
        return java.util.List.of();
    }

    /** The container created for this job, if an earlier attempt got that far. */
    Optional<String> findByJob(UUID jobId);

    void start(String containerId);

    /** Stops with the given grace period in seconds, or the engine's default when null. */
    void stop(String containerId, @Nullable Integer timeoutSeconds);

    /** Removes, forced; an absent container is not an error. */
    void remove(String containerId);

    /** Every container of this owner, in one engine call. */
    List<ContainerSummary> listByOwner(long ownerId);

    /**
     * Every container this installation created (it carries the installation's labels), running or not, with whose
     * it says it is, when it was created and its state, in one call: what the orphan sweeper checks against the
     * ownership rows, and what the event feed compares with what it knew after it lost the engine's stream.
     */
    List<ManagedContainer> listManaged();

    Optional<ContainerDetails> inspect(String containerId);

    /**
     * Where this host reaches the container (the app proxy connects there) and the ports its image exposes; empty
     * when the engine does not know it.
     */
    Optional<ContainerAddresses> addresses(String containerId);

    /**
     * How this host reaches the container's ports (the app proxy connects there); empty when the engine does not know
     * it. A running container on its owner's network without egress is reached through that network's relay, which
     * this makes, attaches or starts when it is not so (safe when several instances ask at once); throws
     * {@link EngineRefusedException} when the relay cannot be made (its image missing).
     */
    Optional<ContainerRoute> route(String containerId);

    /** Extracts a tar stream into an existing directory of the container. */
    void copyIn(String containerId, String directory, InputStream tar);

    /** Restarts (stop with the grace period, or the engine's default when null, then start). */
    void restart(String containerId, @Nullable Integer timeoutSeconds);

    /** The container's log as lines, decoded from the engine's frames (or its raw TTY output). */
    LineStream logs(String containerId, LogRequest request);

    /** One resource sample; unsampled zeros when the container is not running. */
    ContainerStats stats(String containerId);

    /** A sample a second until closed, or until the engine ends it (the container was removed). */
    StatsStream statsStream(String containerId);

    /** Creates a process in a running container; throws {@link EngineContainerNotRunningException} otherwise. */
    String execCreate(String containerId, ExecSpec spec);

    /** Starts the created process and attaches to it; tty must be as it was created. */
    ExecAttachment execStart(String execId, boolean tty);

    ExecState execInspect(String execId);

    /** Resizes the terminal of a TTY exec. */
    void execResize(String execId, int cols, int rows);

    /** The engine's events about the containers this instance manages, from now on. */
    EngineEventStream events();

    /** Aggregate pull progress over all layers, in bytes; total is unknown (0) until the engine reports sizes. */
    @FunctionalInterface
    interface PullProgressListener {
        void onProgress(long current, long total);
    }
}
