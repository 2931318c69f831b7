package com.containermanager.runtime.docker;

import com.containermanager.runtime.ContainerAddresses;
import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSize;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.ExecState;
import com.containermanager.runtime.ImageReference;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogRequest;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.runtime.RelaySettings;
import com.containermanager.runtime.StatsStream;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.runtime.VolumeLimit;
import com.containermanager.runtime.VolumeMount;
import com.containermanager.runtime.VolumeSpec;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The Docker adapter of the port: every engine call on the one hand-written client (EngineHttp), over the transport
 * DOCKER_HOST and the TLS settings name. Public only for the runtime module's configuration (the package is
 * internal to the module).
 */
public final class DockerContainerRuntime implements ContainerRuntime {

    /** Stop waits for the grace period before answering, so reads must be allowed to take longer than any we send. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(6);

    /** Answers within seconds unless the engine is in trouble: then callers get a 503 soon, not in minutes. */
    static final Duration QUICK_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** The long-lived streams (logs, stats, events, exec attach). */
    private final EngineStreams streams;
    /** What every container of this installation carries: the operator's labels, ours, the installation's id. */
    private final Map<String, String> ourLabels;
    /** The short calls. */
    private final EngineCalls calls;
    /** Whether this host has an address on a network, by the network's id (its options never change). */
    private final Map<String, Boolean> hostReaches = new java.util.concurrent.ConcurrentHashMap<>();

    private final ImagePulls pulls;
    /** What a container of the containers.* sizes gets (see hostConfig): built once. */
    private final Map<String, Object> hostConfig;

    private final DockerSettings settings;
    /** The engine's ID, asked once: it does not change while the engine keeps its data. */
    private volatile @Nullable String engineId;

    /** What holds volumes' bytes (hard: file systems on the engine's host); null: this runtime has no volumes. */
    private final @Nullable VolumeBacking volumes;

    /** The app proxy's relays into networks without egress. */
    private final Relays relays;

    /** Without volumes, with the default relay settings. */
    public DockerContainerRuntime(DockerSettings settings, RegistryPolicy registries, String installation) {
        this(settings, registries, installation, null);
    }

    /** With the default relay settings (proxy.relay_image, proxy.relay_network_range). */
    public DockerContainerRuntime(
            DockerSettings settings, RegistryPolicy registries, String installation, @Nullable Path volumeDirectory) {
        this(settings, registries, installation, volumeDirectory, new RelaySettings("cm-relay:1", "10.212.0.0/16"));
    }

    /**
     * With volumes whose file system images live in this directory (on the engine's host); throws StartupRefusal
     * when the engine's address or its TLS files cannot be used.
     */
    public DockerContainerRuntime(
            DockerSettings settings,
            RegistryPolicy registries,
            String installation,
            @Nullable Path volumeDirectory,
            RelaySettings relaySettings) {
        this(settings, registries, installation, volumeDirectory, VolumeLimit.HARD, relaySettings);
    }

    /** With volumes of this limit: hard ones' file system images in this directory (on the engine's host). */
    public DockerContainerRuntime(
            DockerSettings settings,
            RegistryPolicy registries,
            String installation,
            @Nullable Path volumeDirectory,
            VolumeLimit volumeLimit,
            RelaySettings relaySettings) {
        EngineHttp http = new EngineHttp(
                EngineTransport.of(settings.host(), settings.tlsVerify(), settings.certPath()),
                EngineHttp.HEADERS_WITHIN);
        this.ourLabels = ContainerLabels.ofInstallation(settings.labels(), installation);
        this.streams = new EngineStreams(http, ourLabels);
        this.calls = new EngineCalls(http);
        this.pulls = new ImagePulls(http, registries, settings.pullTimeout());
        this.settings = settings;
        this.hostConfig = hostConfig(settings, settings.defaultSize());
        this.volumes = volumeDirectory == null
                ? null
                : volumeLimit == VolumeLimit.SOFT
                        ? new MeasuredVolumes(calls::volumeSizes)
                        : LoopFileSystems.of(volumeDirectory);
        this.relays = new Relays(calls, ourLabels, relaySettings);
    }

    @Override
    public String version() {
        return calls.version();
    }

    @Override
    public String engineId() {
        String known = engineId;
        if (known == null) {
            known = calls.engineId();
            engineId = known;
        }
        return known;
    }

    @Override
    public Set<String> managedContainerIds() {
        return calls.list(Map.of(ContainerLabels.MANAGED, "true")).stream()
                .map(EngineCalls::toSummary)
                .map(ContainerSummary::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void pull(String image, PullProgressListener progress) {
        pulls.pull(image, progress);
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
                        withVolumes(spec.size() == null ? hostConfig : hostConfig(settings, spec.size()), spec),
                        spec.network()));
    }

    /** The user's volumes as mounts beside those of the host configuration (the anonymous /files one). */
    private Map<String, Object> withVolumes(Map<String, Object> host, ContainerSpec spec) {
        if (spec.volumes().isEmpty()) {
            return host;
        }
        List<Object> mounts = new ArrayList<>();
        if (host.get("Mounts") instanceof List<?> existing) {
            mounts.addAll(existing);
        }
        for (VolumeMount volume : spec.volumes()) {
            mounts.add(Map.of(
                    "Type", "volume",
                    "Source", volumeName(volume.volumeId()),
                    "Target", volume.path(),
                    "ReadOnly", volume.readOnly(),
                    "VolumeOptions", Map.of("NoCopy", true)));
        }
        Map<String, Object> joined = new LinkedHashMap<>(host);
        joined.put("Mounts", mounts);
        return joined;
    }

    /**
     * The image attached (again, after a restart of the host) and the engine's volume made when missing, with the
     * installation's and the owner's labels, mounting the link to the image's loop device as ext4.
     */
    @Override
    public void ensureVolume(VolumeSpec volume) {
        volumes().attach(volume.id(), volume.sizeBytes());
        String name = volumeName(volume.id());
        if (calls.volumeMountpoint(name).isEmpty()) {
            Map<String, String> labels = new HashMap<>(ourLabels);
            labels.put(ContainerLabels.OWNER, Long.toString(volume.ownerId()));
            calls.createVolume(name, volumes().driverOptions(volume.id()), labels);
        }
    }

    /**
     * Only what the volume's engine volume needs made (hard: its file system image, attached), on this host, without
     * the engine volume: the Swarm adapter's volume before a node holds it (the node's engine makes its volume from
     * the service's mount, with {@link #volumeDriverOptions}).
     */
    public void attachVolume(VolumeSpec volume) {
        volumes().attach(volume.id(), volume.sizeBytes());
    }

    /** The local driver's options of the volume's engine volume (hard: its image's loop device, as ext4; soft: none). */
    public Map<String, String> volumeDriverOptions(UUID volumeId) {
        return volumes().driverOptions(volumeId);
    }

    @Override
    public long volumeUsedBytes(UUID volumeId) {
        return volumes().usedBytes(volumeId, calls.volumeMountpoint(volumeName(volumeId)));
    }

    @Override
    public boolean removeVolume(UUID volumeId) {
        if (!calls.removeVolume(volumeName(volumeId))) {
            return false;
        }
        volumes().remove(volumeId);
        return true;
    }

    /**
     * Only the engine's volume, not what backs it: an empty one a Swarm node's engine made for a first start that
     * moved to the volume's node. False while a container uses it.
     */
    public boolean removeEngineVolume(UUID volumeId) {
        return calls.removeVolume(volumeName(volumeId));
    }

    @Override
    public String volumeLimit() {
        return volumes == null ? "hard" : volumes.limit();
    }

    private VolumeBacking volumes() {
        if (volumes == null) {
            throw new EngineRefusedException("this runtime has no volumes", null);
        }
        return volumes;
    }

    /** What the engine's name of a user's volume begins with, before the service's id. */
    public static final String VOLUME_PREFIX = "cm-volume-";

    /** The service's id, never reused: a volume removed and made again under the user's name is a new one. */
    public static String volumeName(UUID volumeId) {
        return VOLUME_PREFIX + volumeId;
    }

    /**
     * A bridge network of the user's own, named after the installation and the user, on the subnet the service
     * handed out (the engine's default pools give each bridge a /16, and run out after about 31). The bridge gets no
     * address of the host without egress ({@code inhibit_ipv4}, and internal: no route out), so a container there
     * reaches neither the host nor another user's network, even on an engine run with {@code --iptables=false}.
     */
    @Override
    public Optional<String> ensureNetwork(UserNetwork network) {
        String name = networkName(network.ownerId(), network.egress());
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.OWNER, Long.toString(network.ownerId()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Name", name);
        config.put("CheckDuplicate", true);
        config.put("Driver", "bridge");
        config.put("Internal", !network.egress());
        config.put("Labels", labels);
        config.put("IPAM", Map.of("Driver", "default", "Config", List.of(Map.of("Subnet", network.subnet()))));
        if (!network.egress()) {
            config.put("Options", Map.of("com.docker.network.bridge.inhibit_ipv4", "true"));
        }
        return calls.networkExists(name) || calls.createNetwork(name, config) ? Optional.of(name) : Optional.empty();
    }

    @Override
    public Set<String> networkSubnets() {
        return calls.networkSubnets();
    }

    /** The owner's relays first: the engine keeps a network while a container is on it. */
    @Override
    public int removeNetworks(long ownerId) {
        relays.removeAll(ownerId);
        List<String> names = calls.networks(Map.of(
                ContainerLabels.MANAGED,
                "true",
                ContainerLabels.INSTALLATION,
                ourLabels.get(ContainerLabels.INSTALLATION),
                ContainerLabels.OWNER,
                Long.toString(ownerId)));
        names.forEach(calls::removeNetwork);
        return names.size();
    }

    /** One per user and egress, per installation: two installations on one engine both have a user 1. */
    private String networkName(long ownerId, boolean egress) {
        return "cm-" + ourLabels.get(ContainerLabels.INSTALLATION) + "-u" + ownerId + (egress ? "-egress" : "");
    }

    /** The operator's labels (which tell instances or test runs apart) and ours, which ours override. */
    private Map<String, String> labelsFor(ContainerSpec spec) {
        return ContainerLabels.ofContainer(ourLabels, spec.ownerId(), spec.jobId());
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
        return listByLabel(ContainerLabels.OWNER, Long.toString(ownerId));
    }

    /** Filtered by every label this installation puts on its containers: the operator's, and ours. */
    @Override
    public List<ManagedContainer> listManaged() {
        return calls.list(ourLabels).stream()
                .map(EngineCalls::toManaged)
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * This installation's containers (its installation label) that also carry this label: another installation on
     * the same engine may use the same owner ids for other people, and its containers are none of ours. The
     * operator's labels are left out, so that changing them does not hide the containers made before.
     */
    private List<ContainerSummary> listByLabel(String key, String value) {
        Map<String, String> labels = Map.of(
                ContainerLabels.MANAGED,
                "true",
                ContainerLabels.INSTALLATION,
                ourLabels.get(ContainerLabels.INSTALLATION),
                key,
                value);
        return calls.list(labels).stream().map(EngineCalls::toSummary).toList();
    }

    @Override
    public Optional<ContainerDetails> inspect(String containerId) {
        return calls.inspect(containerId).map(EngineCalls::toDetails);
    }

    /**
     * From inspect: the addresses on networks whose bridge has an address of this host (asked of the engine once per
     * network: a network's options never change), and the exposed TCP ports.
     */
    @Override
    public Optional<ContainerAddresses> addresses(String containerId) {
        return calls.inspect(containerId).map(inspected -> {
            List<String> reachable = reachable(inspected);
            Set<Integer> ports = new TreeSet<>();
            for (String exposed : inspected.path("Config").path("ExposedPorts").propertyNames()) {
                String[] parts = exposed.split("/", 2);
                if (parts.length == 2 && parts[1].equals("tcp") && parts[0].matches("\\d{1,5}")) {
                    ports.add(Integer.parseInt(parts[0]));
                }
            }
            return new ContainerAddresses(
                    inspected.path("State").path("Running").asBoolean(false), reachable, ports);
        });
    }

    /** Its addresses on networks whose bridge has an address of this host. */
    private List<String> reachable(tools.jackson.databind.JsonNode inspected) {
        List<String> reachable = new ArrayList<>();
        for (var network : inspected.path("NetworkSettings").path("Networks").properties()) {
            String address = network.getValue().path("IPAddress").asString("");
            String networkId = network.getValue().path("NetworkID").asString("");
            if (!address.isEmpty()
                    && !networkId.isEmpty()
                    && hostReaches.computeIfAbsent(networkId, calls::hostHasAddressOn)) {
                reachable.add(address);
            }
        }
        return reachable;
    }

    /**
     * Directly where the host has an address on one of its networks; else, on its owner's network without egress,
     * through that network's relay ({@link Relays}), made and started when needed.
     */
    @Override
    public Optional<ContainerRoute> route(String containerId) {
        return calls.inspect(containerId).map(inspected -> {
            if (!inspected.path("State").path("Running").asBoolean(false)) {
                return ContainerRoute.unreachable(false);
            }
            List<String> reachable = reachable(inspected);
            if (!reachable.isEmpty()) {
                return ContainerRoute.direct(true, reachable.getFirst());
            }
            Optional<Long> owner = Relays.ownerOf(inspected);
            if (owner.isEmpty()) {
                return ContainerRoute.unreachable(true);
            }
            String userNetwork = networkName(owner.get(), false);
            var on = inspected.path("NetworkSettings").path("Networks").path(userNetwork);
            String address = on.path("IPAddress").asString("");
            int prefix = on.path("IPPrefixLen").asInt(0);
            if (address.isEmpty() || prefix < 8 || prefix > 30) {
                return ContainerRoute.unreachable(true);
            }
            String relay = relays.ensure(owner.get(), userNetwork, Relays.subnetOf(address, prefix));
            return ContainerRoute.relayed(relay, Relays.PORT, address);
        });
    }

    @Override
    public void copyIn(String containerId, String directory, InputStream tar) {
        calls.copyIn(containerId, directory, tar);
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
    private static Map<String, Object> hostConfig(DockerSettings settings, ContainerSize size) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Memory", size.memoryBytes());
        host.put("NanoCpus", Math.round(size.cpus() * 1_000_000_000L));
        host.put("PidsLimit", size.pidsLimit());
        if (size.gpus() > 0) {
            // The engine's GPU driver (the NVIDIA container toolkit) picks the devices; documented, not tested here.
            host.put(
                    "DeviceRequests",
                    List.of(Map.of("Driver", "", "Count", size.gpus(), "Capabilities", List.of(List.of("gpu")))));
        }
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
        if (size.readOnly()) {
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
}
