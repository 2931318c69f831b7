package com.containermanager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/** The Docker engine through docker-java; the only class that sees docker-java's types. */
class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerContainerRuntime.class);

    /** Stop waits for the grace period before answering, so reads must be allowed to take longer than any we send. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(6);

    /** Answers within seconds unless the engine is in trouble: then callers get a 503 soon, not in minutes. */
    static final Duration QUICK_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient docker;
    /** For the calls that legitimately take long: stop (the grace period), copying files in. */
    private final DockerClient patientDocker;

    private final DockerSettings settings;
    private final RegistryPolicy registries;
    /** The long-lived streams, on JDK channels (see EngineHttp for why not docker-java). */
    private final EngineStreams streams;
    /** What every container of this installation carries: the operator's labels, ours, the installation's id. */
    private final Map<String, String> ourLabels;
    /** The hot short calls, on JDK channels too (see EngineCalls). */
    private final EngineCalls calls;
    /** What every container gets (see hostConfig): from settings only, so built once. */
    private final Map<String, Object> hostConfig;
    /** The engine's ID, asked once: it does not change while the engine keeps its data. */
    private volatile @Nullable String engineId;

    DockerContainerRuntime(DockerSettings settings, RegistryPolicy registries, String installation) {
        this.settings = settings;
        this.registries = registries;
        this.docker = client(settings, QUICK_RESPONSE_TIMEOUT);
        this.patientDocker = client(settings, RESPONSE_TIMEOUT);
        EngineHttp http = new EngineHttp(settings.host());
        Map<String, String> ours = new HashMap<>(settings.labels());
        ours.put(ContainerLabels.MANAGED, "true");
        ours.put(ContainerLabels.INSTALLATION, installation);
        this.ourLabels = Map.copyOf(ours);
        this.streams = new EngineStreams(http, ourLabels);
        this.calls = new EngineCalls(http);
        this.hostConfig = hostConfig(settings);
    }

    private static DockerClient client(DockerSettings settings, Duration responseTimeout) {
        // No API version is pinned: unversioned requests get the engine's own, so old and new engines both answer.
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.host())
                .build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(200)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String version() {
        return call(() -> docker.versionCmd().exec().getVersion());
    }

    @Override
    public String engineId() {
        String known = engineId;
        if (known == null) {
            known = call(() -> docker.infoCmd().exec().getId());
            if (known == null || known.isBlank()) {
                throw new EngineRefusedException("the engine did not tell its ID", new IllegalStateException());
            }
            engineId = known;
        }
        return known;
    }

    @Override
    public Set<String> managedContainerIds() {
        return calls.list(ourLabels).stream()
                .map(EngineCalls::toSummary)
                .map(ContainerSummary::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Pulls within the overall deadline (containers.pull_timeout): the read timeout alone would let a registry that
     * trickles bytes hold the worker for ever. Each pull has a client of its own, closed when the pull ends: past the
     * deadline that aborts the request, even before the engine has answered a byte (closing the result stream could
     * not), so nothing of ours is left waiting on the engine and the worker is free. It sends the credentials
     * configured for the image's registry, or explicitly none: left alone, docker-java would attach whatever the
     * service user's ~/.docker/config.json holds for that registry, and any user could pull the operator's private
     * images. Failures are told in our words; the engine's text goes to the log only.
     */
    @Override
    public void pull(String image, PullProgressListener progress) {
        if (!registries.allows(image)) {
            throw new ImagePullException(ImagePullException.Reason.REGISTRY_NOT_ALLOWED);
        }
        ImageReference reference = ImageReference.parse(image);
        PullStream stream = new PullStream(progress);
        call(() -> {
            try (DockerClient puller = client(settings, RESPONSE_TIMEOUT)) {
                PullImageCmd command = puller.pullImageCmd(reference.repository())
                        .withTag(reference.digest() != null ? reference.digest() : reference.tag())
                        .withAuthConfig(authFor(reference.registry()));
                if (!command.exec(stream).awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new EnginePullTimeoutException();
                }
            } catch (NotFoundException e) {
                throw pullFailed(image, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineUnavailableException(e);
            } catch (DockerException e) {
                throw pullFailed(image, e.getMessage());
            } catch (IOException e) {
                // closing the pull's own client: nothing is left to release
            }
            return null;
        });
        if (stream.error != null) {
            throw pullFailed(image, stream.error);
        }
    }

    private AuthConfig authFor(String registry) {
        AuthConfig none = new AuthConfig();
        return registries
                .credentialsFor(registry)
                .map(credentials -> none.withUsername(credentials.username())
                        .withPassword(credentials.password())
                        .withRegistryAddress(
                                registry.equals(ImageReference.DOCKER_HUB) ? "https://index.docker.io/v1/" : registry))
                .orElse(none);
    }

    /**
     * Only two things are told: the registry has no such image for us (none, or none without credentials we do not
     * send), or the registry could not be used (no answer, or not a registry's).
     */
    private static ImagePullException pullFailed(String image, @Nullable String engineText) {
        String text = engineText == null ? "" : engineText.toLowerCase(java.util.Locale.ROOT);
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

    @Override
    public String create(ContainerSpec spec) {
        return calls.create(
                spec.name(),
                EngineCalls.config(
                        ImageReference.parse(spec.image()).canonical(),
                        spec.cmd(),
                        spec.env(),
                        labelsFor(spec),
                        hostConfig));
    }

    /** The operator's labels (which tell instances or test runs apart) and ours, which ours override. */
    private Map<String, String> labelsFor(ContainerSpec spec) {
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.OWNER, Long.toString(spec.ownerId()));
        labels.put(ContainerLabels.JOB, spec.jobId().toString());
        return labels;
    }

    @Override
    public Optional<String> findByJob(UUID jobId) {
        return listByLabel(ContainerLabels.JOB, jobId.toString()).stream()
                .map(ContainerSummary::id)
                .findFirst();
    }

    @Override
    public void start(String containerId) {
        calls.start(containerId);
    }

    @Override
    public void stop(String containerId, @Nullable Integer timeoutSeconds) {
        calls.stop(containerId, timeoutSeconds);
    }

    @Override
    public void remove(String containerId) {
        calls.remove(containerId);
    }

    @Override
    public List<ContainerSummary> listByOwner(long ownerId) {
        // This installation's labels too: user ids start over in every database, so another installation on the
        // same engine has an owner of the same id, whose containers are not this user's.
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.OWNER, Long.toString(ownerId));
        return calls.list(labels).stream().map(EngineCalls::toSummary).toList();
    }

    /** Filtered by every label this installation puts on its containers: the operator's, and ours. */
    @Override
    public List<ManagedContainer> listManaged() {
        return calls.list(ourLabels).stream()
                .map(EngineCalls::toManaged)
                .flatMap(Optional::stream)
                .toList();
    }

    private List<ContainerSummary> listByLabel(String key, String value) {
        return calls.list(Map.of(key, value)).stream()
                .map(EngineCalls::toSummary)
                .toList();
    }

    @Override
    public Optional<ContainerDetails> inspect(String containerId) {
        return calls.inspect(containerId).map(EngineCalls::toDetails);
    }

    @Override
    public void copyIn(String containerId, String directory, InputStream tar) {
        call(() -> {
            try {
                patientDocker
                        .copyArchiveToContainerCmd(containerId)
                        .withRemotePath(directory)
                        .withTarInputStream(tar)
                        .exec();
            } catch (NotFoundException e) {
                throw new EngineNoSuchContainerException(containerId);
            } catch (DockerException e) {
                throw new EngineRefusedException("the engine refused the files: " + shortMessage(e), e);
            }
            return null;
        });
    }

    @Override
    public void restart(String containerId, @Nullable Integer timeoutSeconds) {
        calls.restart(containerId, timeoutSeconds);
    }

    @Override
    public LineStream logs(String containerId, LogRequest request) {
        boolean tty = EngineCalls.tty(
                calls.inspect(containerId).orElseThrow(() -> new EngineNoSuchContainerException(containerId)));
        return streams.logs(containerId, tty, request);
    }

    @Override
    public ContainerStats stats(String containerId) {
        try (StatsStream stream = streams.stats(containerId, false)) {
            ContainerStats sample = stream.next();
            return sample == null ? ContainerStats.none(Instant.now()) : sample;
        }
    }

    @Override
    public StatsStream statsStream(String containerId) {
        return streams.stats(containerId, true);
    }

    @Override
    public String execCreate(String containerId, ExecSpec spec) {
        return calls.execCreate(containerId, spec);
    }

    @Override
    public ExecAttachment execStart(String execId, boolean tty) {
        return streams.startExec(execId, tty);
    }

    @Override
    public ExecState execInspect(String execId) {
        return calls.execInspect(execId);
    }

    @Override
    public void execResize(String execId, int cols, int rows) {
        calls.execResize(execId, cols, rows);
    }

    @Override
    public EngineEventStream events() {
        return streams.events();
    }

    /**
     * Built here, never from the request: no privileges, mounts, devices or added capabilities, and NET_RAW (raw
     * packets, spoofing on the container network), MKNOD and AUDIT_WRITE dropped; the operator's limits on memory,
     * CPUs and processes; logs rotated as containers.log_max_size and log_max_files say; no gaining privileges
     * through setuid binaries. With a read-only root file system, /tmp is a small tmpfs and /files an anonymous volume (removed
     * with the container), so that programs can write scratch files and the user's files can be copied in.
     */
    private static Map<String, Object> hostConfig(DockerSettings settings) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Memory", settings.memory().toBytes());
        host.put("NanoCpus", Math.round(settings.cpus() * 1_000_000_000L));
        host.put("PidsLimit", settings.pidsLimit());
        host.put("CapDrop", List.of("NET_RAW", "MKNOD", "AUDIT_WRITE"));
        host.put("SecurityOpt", List.of("no-new-privileges"));
        host.put(
                "LogConfig",
                Map.of(
                        "Type",
                        "json-file",
                        "Config",
                        Map.of(
                                "max-size", engineSize(settings.logMaxSize()),
                                "max-file", Integer.toString(settings.logMaxFiles()))));
        if (settings.readOnly()) {
            host.put("ReadonlyRootfs", true);
            host.put("Tmpfs", Map.of("/tmp", "rw,nosuid,nodev,size=64m"));
            host.put("Mounts", List.of(Map.of("Type", "volume", "Target", ContainerRuntime.FILES_DIRECTORY)));
        }
        if (settings.network() != null && !settings.network().isBlank()) {
            host.put("NetworkMode", settings.network());
        }
        return Map.copyOf(host);
    }

    /** In the engine's units: whole megabytes as "10m", anything else in kilobytes. */
    private static String engineSize(DataSize size) {
        return size.toBytes() % DataSize.ofMegabytes(1).toBytes() == 0
                ? size.toMegabytes() + "m"
                : Math.max(1, size.toKilobytes()) + "k";
    }

    @Override
    public void close() throws IOException {
        docker.close();
        patientDocker.close();
    }

    /** Runs one engine call, turning "could not talk to the engine" into {@link EngineUnavailableException}. */
    private static <T> T call(Supplier<T> engineCall) {
        try {
            return engineCall.get();
        } catch (DockerException e) {
            throw new EngineRefusedException("the engine refused the request: " + shortMessage(e), e);
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw new EngineUnavailableException(e);
            }
            throw e;
        }
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The engine's own words without the HTTP status prefix docker-java adds. */
    private static String shortMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int json = message.indexOf("{\"message\":\"");
        if (json >= 0) {
            int start = json + "{\"message\":\"".length();
            int end = message.indexOf('"', start);
            return end > start ? message.substring(start, end) : message.substring(start);
        }
        return message.replaceFirst("^Status \\d+: ", "").strip();
    }

    /** Reads the pull's JSON stream: progress per layer, summed; an error inside the stream fails the pull. */
    private static final class PullStream extends ResultCallback.Adapter<PullResponseItem> {
        private final PullProgressListener listener;
        private final Map<String, long[]> layers = new ConcurrentHashMap<>();
        private volatile String error;

        PullStream(PullProgressListener listener) {
            this.listener = listener;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage()
                        : item.getError();
                return;
            }
            var detail = item.getProgressDetail();
            if (item.getId() == null || detail == null || detail.getCurrent() == null) {
                return;
            }
            long total = detail.getTotal() == null || detail.getTotal() < 0 ? 0 : detail.getTotal();
            layers.put(item.getId(), new long[] {detail.getCurrent(), total});
            long current = 0;
            long sum = 0;
            for (long[] layer : layers.values()) {
                current += layer[0];
                sum += layer[1];
            }
            listener.onProgress(current, sum);
        }
    }
}
