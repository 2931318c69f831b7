package com.containermanager.runtime.swarm;

import com.containermanager.runtime.ContainerAddresses;
import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.EngineContainerLostException;
import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.EngineNameConflictException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.ExecState;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogRequest;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.runtime.RegistrySettings;
import com.containermanager.runtime.RelaySettings;
import com.containermanager.runtime.RuntimeNode;
import com.containermanager.runtime.StatsStream;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.runtime.VolumeLimit;
import com.containermanager.runtime.VolumeSpec;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import com.containermanager.runtime.docker.EngineApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Swarm adapter of the port, lifecycle, logs, users' networks, exec, stats and copy-in (experimental, issue 27;
 * docs/decisions/0003-several-hosts.md): a user's container is a Swarm service of at most one task, spoken to through
 * the manager's engine (docker.host). The id the port hands out is ours: 64 hex made at create and kept in the
 * service's {@link #ID} label (a service's own id is 25 characters, a task's container id changes with every start).
 * Logs come through the manager (the service's logs); users' networks are attachable overlays ({@link
 * SwarmNetworks}); exec, stats and copy-in go to the running task's container on its node's own engine ({@link
 * NodeEngines}, runtime.swarm.nodes). Events are the node engines' ({@link
 * NodeEvents}). Users' volumes are node-local, each held by the node of the first start of a container mounting it
 * ({@link SwarmVolumes}). The image pull and the engine's
 * version go to the manager's engine as the Docker adapter does them ({@code local}).
 */
public final class SwarmContainerRuntime implements ContainerRuntime {

    private static final Logger log = LoggerFactory.getLogger(SwarmContainerRuntime.class);

    /** The service's label carrying the port's container id. */
    public static final String ID = ContainerLabels.ID;

    /** How long start, stop and restart wait for the task to get there. */
    static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);

    /** How often a followed log asks whether its task still runs (Swarm's stream does not end when it stops). */
    static final Duration FOLLOW_CHECK = Duration.ofSeconds(1);

    /** How long the manager's word on its nodes' states is kept: a listing asks {@code /nodes} once, not per row. */
    static final Duration NODE_STATES_FOR = Duration.ofMillis(1500);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<String> TASK_DONE =
            Set.of("complete", "failed", "shutdown", "rejected", "orphaned", "remove");

    /** A node engine's Docker adapter never pulls (the nodes pull through the registry when a task starts). */
    private static final RegistryPolicy NO_PULLS = new RegistryPolicy(new RegistrySettings(List.of(), null));

    private final EngineApi manager;
    /** The Docker adapter on the manager's engine: pull and version, which are the same calls. */
    private final ContainerRuntime local;

    private final DockerSettings settings;
    private final Map<String, String> ourLabels;
    /** The nodes' own engines (runtime.swarm.nodes): exec, stats and copy-in go to the task's node. */
    private final NodeEngines nodes;
    /** Our id -> the service's id: the pair never changes while the service lives. */
    private final Map<String, String> services = new ConcurrentHashMap<>();

    /**
     * Files copied in before a container's first start (a creation with files): there is no container to copy into
     * until its first task runs, so each tar is spooled to a temporary file, copied into that task's container as
     * soon as it runs, and deleted. Held by this instance only.
     */
    private final Map<String, List<PendingCopy>> pendingCopies = new ConcurrentHashMap<>();

    private record PendingCopy(String directory, Path tar) {}
    /** The users' overlays. */
    private final SwarmNetworks networks;

    /** The app proxy's relays, one per user overlay ({@link SwarmRelays}). */
    private final SwarmRelays relays;

    /** proxy.relay_image and proxy.relay_network_range's defaults, for the constructors that take none. */
    private static final RelaySettings DEFAULT_RELAYS = new RelaySettings("cm-relay:1", "10.212.0.0/16");

    /** The users' volumes, node-local. */
    private final SwarmVolumes volumes;

    private volatile @Nullable String engineId;

    /** The nodes the manager did not say were ready, and when it was asked (System.nanoTime). */
    private record NodeStates(SwarmSpecs.NodeView view, long askedAt) {}

    private volatile @Nullable NodeStates nodeStates;

    /** Without users' volumes, with the default relay settings. */
    public SwarmContainerRuntime(
            DockerSettings settings, String installation, ContainerRuntime local, Map<String, String> nodes) {
        this(settings, installation, local, nodes, DEFAULT_RELAYS, null, VolumeLimit.HARD);
    }

    /**
     * With the app proxy's relays as proxy.relay_image and proxy.relay_network_range say ({@link SwarmRelays}), and
     * users' volumes of this limit (hard: their file system images in this directory, which the node engines share;
     * soft: each node engine's own volumes; null directory: no volumes; {@link SwarmVolumes}).
     */
    public SwarmContainerRuntime(
            DockerSettings settings,
            String installation,
            ContainerRuntime local,
            Map<String, String> nodes,
            RelaySettings relays,
            @Nullable Path volumeDirectory,
            VolumeLimit volumeLimit) {
        this(
                EngineApi.of(settings.host(), settings.tlsVerify(), settings.certPath()),
                settings,
                installation,
                local,
                nodes,
                relays,
                volumeDirectory,
                volumeLimit);
    }

    SwarmContainerRuntime(
            EngineApi manager,
            DockerSettings settings,
            String installation,
            ContainerRuntime local,
            Map<String, String> nodes,
            RelaySettings relays,
            @Nullable Path volumeDirectory,
            VolumeLimit volumeLimit) {
        this.manager = manager;
        this.local = local;
        this.settings = settings;
        this.ourLabels = ContainerLabels.ofInstallation(settings.labels(), installation);
        this.nodes = new NodeEngines(
                manager,
                nodes,
                address -> new DockerContainerRuntime(
                        settings.withHost(address), NO_PULLS, installation, volumeDirectory, volumeLimit, relays));
        this.networks = new SwarmNetworks(manager, ourLabels, nodes, this.nodes::engineAt);
        this.relays = new SwarmRelays(manager, ourLabels, relays, this.networks::subnets);
        this.volumes = new SwarmVolumes(
                manager,
                this.nodes,
                volumeDirectory == null
                        ? null
                        : new DockerContainerRuntime(
                                settings, NO_PULLS, installation, volumeDirectory, volumeLimit, relays),
                ourLabels);
    }

    private static EngineRefusedException unsupported(String what) {
        return new EngineRefusedException(
                "not supported by the swarm runtime yet: " + what, new UnsupportedOperationException(what));
    }

    @Override
    public String version() {
        return local.version();
    }

    /** The swarm's nodes as the manager has them now. */
    @Override
    public List<RuntimeNode> nodes() {
        return SwarmSpecs.elements(
                        ok(manager.call("GET", "/nodes", null, EngineApi.QUICK)).json())
                .stream()
                .map(node -> new RuntimeNode(
                        SwarmSpecs.nodeName(node),
                        node.path("ID").asString(""),
                        node.path("Status").path("State").asString("unknown"),
                        node.path("Spec").path("Role").asString("").equals("manager")))
                .sorted(java.util.Comparator.comparing(RuntimeNode::name))
                .toList();
    }

    /** The swarm's cluster ID: ownership rows record the swarm, not one node. */
    @Override
    public String engineId() {
        String known = engineId;
        if (known == null) {
            EngineApi.Answer info = ok(manager.call("GET", "/info", null, EngineApi.QUICK));
            known = info.json().path("Swarm").path("Cluster").path("ID").asString("");
            if (known.isBlank()) {
                throw new EngineRefusedException(
                        "the engine at docker.host is not a swarm manager", new IllegalStateException());
            }
            engineId = known;
        }
        return known;
    }

    @Override
    public Set<String> managedContainerIds() {
        return servicesWith(Map.of(ContainerLabels.MANAGED, "true")).stream()
                .map(SwarmContainerRuntime::ourId)
                .filter(id -> !id.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void pull(String image, PullProgressListener progress) {
        local.pull(image, progress);
    }

    @Override
    public String create(ContainerSpec spec) {
        String id = SwarmSpecs.newId();
        Map<String, Object> body = SwarmSpecs.service(spec, id, labelsFor(spec), settings);
        volumes.mount(body, spec.ownerId(), spec.volumes());
        EngineApi.Answer answer = manager.call("POST", "/services/create", body, EngineApi.QUICK);
        if (answer.status() == 409) {
            throw new EngineNameConflictException(spec.name());
        }
        String service = ok(answer).json().path("ID").asString("");
        services.put(id, service);
        return id;
    }

    private Map<String, String> labelsFor(ContainerSpec spec) {
        return ContainerLabels.ofContainer(ourLabels, spec.ownerId(), spec.jobId());
    }

    /** An attachable overlay of the user's own on the manager ({@link SwarmNetworks}). */
    @Override
    public Optional<String> ensureNetwork(UserNetwork network) {
        return networks.ensure(network);
    }

    /** The swarm's networks' subnets and those of each node's local networks. */
    @Override
    public Set<String> networkSubnets() {
        return networks.subnets();
    }

    /** The relays on them first: the swarm keeps a network while a task is on it. */
    @Override
    public int removeNetworks(long ownerId) {
        relays.removeAll(ownerId);
        return networks.removeAll(ownerId);
    }

    @Override
    public void ensureVolume(VolumeSpec volume) {
        volumes.ensure(volume);
    }

    @Override
    public long volumeUsedBytes(UUID volumeId) {
        return volumes.usedBytes(volumeId);
    }

    @Override
    public boolean removeVolume(UUID volumeId) {
        return volumes.remove(volumeId);
    }

    @Override
    public String volumeLimit() {
        return volumes.limit();
    }

    @Override
    public Optional<String> findByJob(UUID jobId) {
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.JOB, jobId.toString());
        return servicesWith(labels).stream()
                .map(SwarmContainerRuntime::ourId)
                .filter(id -> !id.isEmpty())
                .findFirst();
    }

    /**
     * Replicas 1 and a forced update, then waits until the new task runs (or fails: its error is the start's). After
     * its first start the service is pinned to that task's node.
     */
    @Override
    public void start(String containerId) {
        String service = serviceOf(containerId);
        JsonNode current = service(service);
        List<JsonNode> tasks = tasks(List.of(service));
        requireNodeAvailable(current, tasks);
        Optional<JsonNode> running = SwarmSpecs.current(tasks).filter(task -> SwarmSpecs.isRunning(task));
        if (SwarmSpecs.replicas(current) == 1 && running.isPresent()) {
            return;
        }
        Set<String> before = taskIds(tasks);
        Map<String, Object> spec = SwarmSpecs.mutable(current.path("Spec"));
        SwarmSpecs.setReplicas(spec, 1);
        // Always forced: a scale 0 -> 1 alone makes no task while the stopped task still holds its slot (restart
        // condition none counts it as done; seen when a start follows a stop at once), and a task that ended on its
        // own is replaced only so.
        SwarmSpecs.forceUpdate(spec);
        try (SwarmVolumes.Placement placement = volumes.place(spec)) {
            update(service, current, spec);
            JsonNode task = awaitPlacedTask(containerId, service, before, placement);
            pin(service, task);
            placeVolumes(containerId, service, task, placement);
        }
        copyPending(containerId);
    }

    /**
     * The files copied in before the first start, into the first task's container right after it began (so after
     * its command started, unlike under Docker) and before the start is reported done. A failed copy is the start's
     * error, and the files stay for the next start.
     */
    private void copyPending(String containerId) {
        List<PendingCopy> pending = pendingCopies.remove(containerId);
        if (pending == null) {
            return;
        }
        try {
            Optional<NodeEngines.TaskContainer> running = runningContainer(containerId);
            if (running.isEmpty()) {
                // Its command ended already: nothing to copy into; the files stay for the next start.
                pendingCopies.merge(containerId, pending, (later, earlier) -> concat(earlier, later));
                return;
            }
            NodeEngines.TaskContainer task = running.get();
            for (PendingCopy copy : pending) {
                try (InputStream tar = Files.newInputStream(copy.tar())) {
                    NodeEngines.on(task.node(), engine -> {
                        engine.copyIn(task.containerId(), copy.directory(), tar);
                        return null;
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            pendingCopies.merge(containerId, pending, (later, earlier) -> concat(earlier, later));
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        deleteSpooled(pending);
    }

    private static List<PendingCopy> concat(List<PendingCopy> first, List<PendingCopy> second) {
        List<PendingCopy> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void deleteSpooled(@Nullable List<PendingCopy> copies) {
        if (copies == null) {
            return;
        }
        for (PendingCopy copy : copies) {
            try {
                Files.deleteIfExists(copy.tar());
            } catch (IOException e) {
                // A temporary file; nothing depends on it any more.
            }
        }
    }

    @Override
    public void stop(String containerId, @Nullable Integer timeoutSeconds) {
        String service = serviceOf(containerId);
        JsonNode current = service(service);
        List<JsonNode> tasks = tasks(List.of(service));
        requireNodeAvailable(current, tasks);
        if (SwarmSpecs.replicas(current) == 0) {
            return;
        }
        pin(service, SwarmSpecs.current(tasks).orElse(null));
        current = service(service);
        Map<String, Object> spec = SwarmSpecs.mutable(current.path("Spec"));
        SwarmSpecs.setReplicas(spec, 0);
        if (timeoutSeconds != null) {
            SwarmSpecs.stopGracePeriod(spec, Duration.ofSeconds(timeoutSeconds));
        }
        update(service, current, spec);
        await(
                containerId,
                () -> tasks(List.of(service)).stream().allMatch(task -> TASK_DONE.contains(SwarmSpecs.state(task))));
    }

    @Override
    public void remove(String containerId) {
        String service;
        try {
            service = serviceOf(containerId);
        } catch (EngineNoSuchContainerException e) {
            return;
        }
        EngineApi.Answer found = manager.call("GET", "/services/" + service, null, EngineApi.QUICK);
        if (found.status() != 404) {
            requireNodeAvailable(ok(found).json(), tasks(List.of(service)), true);
        }
        EngineApi.Answer answer = manager.call("DELETE", "/services/" + service, null, EngineApi.QUICK);
        if (answer.status() != 404) {
            ok(answer);
        }
        services.remove(containerId);
        deleteSpooled(pendingCopies.remove(containerId));
    }

    @Override
    public List<ContainerSummary> listByOwner(long ownerId) {
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.OWNER, Long.toString(ownerId));
        List<JsonNode> found = servicesWith(labels);
        Map<String, List<JsonNode>> tasks = tasksByService(found);
        SwarmSpecs.NodeView nodes = nodeViewFor(found, tasks);
        return found.stream()
                .filter(service -> !ourId(service).isEmpty())
                .map(service -> new ContainerSummary(
                        ourId(service),
                        service.path("Spec").path("Name").asString(),
                        SwarmSpecs.stateOf(
                                service, tasks.getOrDefault(service.path("ID").asString(), List.of()), nodes)))
                .toList();
    }

    @Override
    public List<ManagedContainer> listManaged() {
        List<JsonNode> found = servicesWith(ourLabels);
        Map<String, List<JsonNode>> tasks = tasksByService(found);
        SwarmSpecs.NodeView nodes = nodeViewFor(found, tasks);
        return found.stream()
                .map(service -> SwarmSpecs.managed(
                        service, tasks.getOrDefault(service.path("ID").asString(), List.of()), nodes))
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public Optional<ContainerDetails> inspect(String containerId) {
        return existing(containerId).map(found -> {
            List<JsonNode> tasks = tasks(List.of(idOf(found)));
            return SwarmSpecs.details(found, tasks, nodeViewFor(List.of(found), Map.of(idOf(found), tasks)));
        });
    }

    /** The service of our id as the manager has it now; empty when there is none. */
    private Optional<JsonNode> existing(String containerId) {
        try {
            return Optional.of(service(serviceOf(containerId)));
        } catch (EngineNoSuchContainerException e) {
            return Optional.empty();
        }
    }

    private static String idOf(JsonNode service) {
        return service.path("ID").asString("");
    }

    /**
     * Whether its task runs, and the TCP ports its image exposes (the image as the manager's engine has it: pull
     * brings it there), but no address: this host has none on a task's networks; the app proxy reaches a task
     * through its overlay's relay ({@link #route}).
     */
    @Override
    public Optional<ContainerAddresses> addresses(String containerId) {
        return existing(containerId).map(found -> {
            boolean running = runningTask(idOf(found)).isPresent();
            String image = found.path("Spec")
                    .path("TaskTemplate")
                    .path("ContainerSpec")
                    .path("Image")
                    .asString("");
            return new ContainerAddresses(running, List.of(), exposedPorts(image));
        });
    }

    /**
     * Through the relay of the user overlay the running task is on ({@link SwarmRelays}: a relay service published on
     * its node's address, made when missing); unreachable for a task on no user overlay of ours.
     */
    @Override
    public Optional<ContainerRoute> route(String containerId) {
        return existing(containerId).map(found -> relays.route(tasks(List.of(idOf(found)))));
    }

    /** The image's exposed TCP ports on the manager's engine; none when it does not have the image. */
    private Set<Integer> exposedPorts(String image) {
        if (image.isEmpty()) {
            return Set.of();
        }
        EngineApi.Answer answer = manager.call("GET", "/images/" + image + "/json", null, EngineApi.QUICK);
        if (answer.status() == 404) {
            return Set.of();
        }
        return SwarmSpecs.exposedTcpPorts(ok(answer).json());
    }

    /**
     * Into the running task's container, through its node's engine. Before the first start (a creation with files)
     * the tar is kept for it ({@link #copyPending}); refused when a container that has run is not running (a stop
     * removes the task's container, and a next start's would not have the files).
     */
    @Override
    public void copyIn(String containerId, String directory, InputStream tar) {
        Optional<NodeEngines.TaskContainer> running = runningContainer(containerId);
        if (running.isEmpty() && tasks(List.of(serviceOf(containerId))).isEmpty()) {
            spool(containerId, directory, tar);
            return;
        }
        NodeEngines.TaskContainer task = running.orElseThrow(
                () -> unsupported("copying files into a container that is not running, after its first start"));
        NodeEngines.on(task.node(), engine -> {
            engine.copyIn(task.containerId(), directory, tar);
            return null;
        });
    }

    private void spool(String containerId, String directory, InputStream tar) {
        Path file;
        try {
            file = Files.createTempFile("cm-swarm-files-", ".tar");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteSpooled(List.of(new PendingCopy(directory, file)));
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        pendingCopies.merge(containerId, List.of(new PendingCopy(directory, file)), SwarmContainerRuntime::concat);
    }

    /** A forced update: a new task on the same (pinned) node; replicas 1 if it was stopped. */
    @Override
    public void restart(String containerId, @Nullable Integer timeoutSeconds) {
        String service = serviceOf(containerId);
        List<JsonNode> tasks = tasks(List.of(service));
        requireNodeAvailable(service(service), tasks);
        pin(service, SwarmSpecs.current(tasks).orElse(null));
        JsonNode current = service(service);
        Map<String, Object> spec = SwarmSpecs.mutable(current.path("Spec"));
        SwarmSpecs.setReplicas(spec, 1);
        SwarmSpecs.forceUpdate(spec);
        if (timeoutSeconds != null) {
            SwarmSpecs.stopGracePeriod(spec, Duration.ofSeconds(timeoutSeconds));
        }
        try (SwarmVolumes.Placement placement = volumes.place(spec)) {
            update(service, current, spec);
            JsonNode task = awaitPlacedTask(containerId, service, taskIds(tasks), placement);
            pin(service, task);
            placeVolumes(containerId, service, task, placement);
        }
    }

    /**
     * The service's log through the manager ({@code /services/{id}/logs}: Swarm fetches it from the task's node), the
     * same frames and lines as a container's (the tail counted over both streams, as the engine does for a
     * container). Followed, it ends when the task running now stops ({@link FollowedLog}). Swarm's logs take no end
     * time, so {@code until} is refused.
     */
    @Override
    public LineStream logs(String containerId, LogRequest request) {
        if (request.until() != null) {
            throw unsupported("logs up to a time (until)");
        }
        String service = serviceOf(containerId);
        Optional<String> running = runningTask(service);
        LineStream lines = manager.logLines(
                "/services/" + service + "/logs?" + EngineApi.logQuery(request), false, request.timestamps());
        if (!request.follow()) {
            return lines;
        }
        return new FollowedLog(
                lines, () -> running.isPresent() && runningTask(service).equals(running), FOLLOW_CHECK);
    }

    /** The id of the service's task that runs now, if one does. */
    private Optional<String> runningTask(String service) {
        return SwarmSpecs.current(tasks(List.of(service)))
                .filter(SwarmSpecs::isRunning)
                .map(SwarmContainerRuntime::idOf);
    }

    /**
     * The running task's container on its node's engine, if a task runs. A task on a node that crashed stays running
     * in the manager's view (checked: still so after the node is down), so its calls reach the dead engine: 503.
     */
    private Optional<NodeEngines.TaskContainer> runningContainer(String containerId) {
        return SwarmSpecs.current(tasks(List.of(serviceOf(containerId))))
                .filter(SwarmSpecs::isRunning)
                .flatMap(nodes::containerOf);
    }

    /** The running task's container's sample, from its node's engine; unsampled zeros when no task runs. */
    @Override
    public ContainerStats stats(String containerId) {
        return runningContainer(containerId)
                .map(task -> NodeEngines.on(task.node(), engine -> engine.stats(task.containerId())))
                .orElseGet(() -> ContainerStats.none(Instant.now()));
    }

    /**
     * The running task's container's samples from its node's engine, until that container goes (a stop removes it);
     * with no task running, one unsampled sample and the end.
     */
    @Override
    public StatsStream statsStream(String containerId) {
        Optional<NodeEngines.TaskContainer> running = runningContainer(containerId);
        if (running.isEmpty()) {
            return NodeEngines.stopped();
        }
        NodeEngines.TaskContainer task = running.get();
        return NodeEngines.on(task.node(), engine -> engine.statsStream(task.containerId()));
    }

    /**
     * In the running task's container, on its node's engine; the exec id carries the node ({@code <node id>/<exec
     * id>}), so that the later calls reach the same engine with no state kept.
     */
    @Override
    public String execCreate(String containerId, ExecSpec spec) {
        NodeEngines.TaskContainer task =
                runningContainer(containerId).orElseThrow(EngineContainerNotRunningException::new);
        return nodes.execId(
                task.node(), NodeEngines.on(task.node(), engine -> engine.execCreate(task.containerId(), spec)));
    }

    @Override
    public ExecAttachment execStart(String execId, boolean tty) {
        NodeEngines.NodeExec exec = nodes.exec(execId);
        return NodeEngines.on(exec.node(), engine -> engine.execStart(exec.execId(), tty));
    }

    @Override
    public ExecState execInspect(String execId) {
        NodeEngines.NodeExec exec = nodes.exec(execId);
        return NodeEngines.on(exec.node(), engine -> engine.execInspect(exec.execId()));
    }

    @Override
    public void execResize(String execId, int cols, int rows) {
        NodeEngines.NodeExec exec = nodes.exec(execId);
        NodeEngines.on(exec.node(), engine -> {
            engine.execResize(exec.execId(), cols, rows);
            return null;
        });
    }

    /**
     * The node engines' container events (runtime.swarm.nodes), merged ({@link NodeEvents}): a task's container carries
     * the port's id, so its start, die (with its exit code), kill, stop and oom are the port's container's; its own
     * create and destroy are not (a stop removes it) and are left out. A node whose stream breaks is followed again
     * after a pause, the others go on; when it is back, the listing tells what changed meanwhile. The manager's own stream is not used: it has no container events of other
     * nodes, and its service events carry no labels (decision 0003).
     */
    @Override
    public EngineEventStream events() {
        return nodes.events(this::listManaged);
    }

    // --- the manager's calls

    private static EngineApi.Answer ok(EngineApi.Answer answer) {
        if (answer.status() >= 300) {
            throw EngineApi.error(answer);
        }
        return answer;
    }

    /**
     * The nodes the manager does not say are ready (down, unknown, disconnected), asked of {@code /nodes} at most once
     * per {@link #NODE_STATES_FOR}: a listing's rows share one answer.
     */
    /**
     * The nodes' view for these services: the kept one, unless it would take one of their nodes for lost, which is
     * asked again (a node that joined within the last {@link #NODE_STATES_FOR} is not in the kept answer yet).
     */
    private SwarmSpecs.NodeView nodeViewFor(List<JsonNode> services, Map<String, List<JsonNode>> tasks) {
        SwarmSpecs.NodeView view = nodeView();
        boolean seemsLost = services.stream()
                .map(service -> SwarmSpecs.nodeOf(
                        service, tasks.getOrDefault(service.path("ID").asString(), List.of())))
                .flatMap(Optional::stream)
                .anyMatch(view::lost);
        if (seemsLost) {
            nodeStates = null;
            view = nodeView();
        }
        return view;
    }

    private SwarmSpecs.NodeView nodeView() {
        NodeStates known = nodeStates;
        long now = System.nanoTime();
        if (known != null && now - known.askedAt() < NODE_STATES_FOR.toNanos()) {
            return known.view();
        }
        SwarmSpecs.NodeView view = SwarmSpecs.NodeView.of(
                ok(manager.call("GET", "/nodes", null, EngineApi.QUICK)).json());
        nodeStates = new NodeStates(view, now);
        return view;
    }

    /**
     * A start, stop, restart or remove of a container whose node is not ready is 503 at once, naming the node (asked
     * of the manager now, not from the cache): the swarm would not settle it before the node is back. A node no
     * longer in the swarm will not come back: its container is lost, and only its removal is done (a start, stop or
     * restart is {@link EngineContainerLostException}, 409 container lost).
     */
    private void requireNodeAvailable(JsonNode service, List<JsonNode> tasks) {
        requireNodeAvailable(service, tasks, false);
    }

    private void requireNodeAvailable(JsonNode service, List<JsonNode> tasks, boolean removing) {
        Optional<String> node = SwarmSpecs.nodeOf(service, tasks);
        if (node.isEmpty()) {
            return;
        }
        EngineApi.Answer answer = manager.call("GET", "/nodes/" + node.get(), null, EngineApi.QUICK);
        if (answer.status() == 404) {
            if (removing) {
                return;
            }
            throw new EngineContainerLostException("swarm node " + node.get()
                    + " is no longer in the swarm: the container and its volumes there are lost; delete it");
        }
        JsonNode found = ok(answer).json();
        if (!SwarmSpecs.isReady(found)) {
            String name = found.path("Description").path("Hostname").asString("");
            throw new EngineUnavailableException(new IOException("swarm node "
                    + (name.isEmpty() ? node.get() : name) + " is unavailable (the manager says "
                    + found.path("Status").path("State").asString("") + ")"));
        }
    }

    private static String ourId(JsonNode service) {
        return service.path("Spec").path("Labels").path(ID).asString("");
    }

    private List<JsonNode> servicesWith(Map<String, String> labels) {
        String filters = EngineApi.filters(Map.of("label", EngineApi.labelFilter(labels)));
        JsonNode list = ok(manager.call("GET", "/services?filters=" + filters, null, EngineApi.QUICK))
                .json();
        return SwarmSpecs.elements(list);
    }

    /** The service of our id: cached, else found by its label (among this installation's). */
    private String serviceOf(String containerId) {
        String known = services.get(containerId);
        if (known != null) {
            return known;
        }
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ID, containerId);
        String found = servicesWith(labels).stream()
                .map(service -> service.path("ID").asString(""))
                .filter(Predicate.not(String::isEmpty))
                .findFirst()
                .orElseThrow(() -> new EngineNoSuchContainerException(containerId));
        services.put(containerId, found);
        return found;
    }

    private JsonNode service(String service) {
        EngineApi.Answer answer = manager.call("GET", "/services/" + service, null, EngineApi.QUICK);
        if (answer.status() == 404) {
            services.values().remove(service);
        }
        return ok(answer).json();
    }

    private List<JsonNode> tasks(List<String> serviceIds) {
        if (serviceIds.isEmpty()) {
            return List.of();
        }
        String filters = EngineApi.filters(Map.of("service", serviceIds));
        return SwarmSpecs.elements(ok(manager.call("GET", "/tasks?filters=" + filters, null, EngineApi.QUICK))
                .json());
    }

    private Map<String, List<JsonNode>> tasksByService(List<JsonNode> found) {
        return tasks(found.stream().map(s -> s.path("ID").asString("")).toList()).stream()
                .collect(Collectors.groupingBy(task -> task.path("ServiceID").asString("")));
    }

    private static Set<String> taskIds(List<JsonNode> tasks) {
        return tasks.stream().map(task -> task.path("ID").asString("")).collect(Collectors.toSet());
    }

    /** A service update at the version just read; a conflict (someone updated it in between) is read again once. */
    private void update(String service, JsonNode current, Map<String, Object> spec) {
        long version = current.path("Version").path("Index").asLong();
        ok(manager.call("POST", "/services/" + service + "/update?version=" + version, spec, EngineApi.QUICK));
    }

    /** Pins the service to the task's node, once: a placement change does not replace a running task. */
    private void pin(String service, @Nullable JsonNode task) {
        String node = task == null ? "" : task.path("NodeID").asString("");
        if (node.isEmpty()) {
            return;
        }
        JsonNode current = service(service);
        if (SwarmSpecs.pinnedNode(current).isPresent()) {
            return;
        }
        Map<String, Object> spec = SwarmSpecs.mutable(current.path("Spec"));
        SwarmSpecs.pin(spec, node);
        update(service, current, spec);
    }

    /**
     * Records the running task's node as the holder of its volumes that had none. When another instance's first start
     * of one of them got there first with another node, the container moves to that node: pinned there and its task
     * replaced (once; a second such race is the start's error). When that fails, the container is stopped (scaled
     * to none) before the failure is the start's.
     */
    private void placeVolumes(String containerId, String service, JsonNode task, SwarmVolumes.Placement placement) {
        try {
            moveToVolumes(containerId, service, task, placement);
        } catch (RuntimeException e) {
            // Its task must not go on writing into volumes that are not the ones its next start will mount.
            try {
                JsonNode current = service(service);
                Map<String, Object> spec = SwarmSpecs.mutable(current.path("Spec"));
                SwarmSpecs.setReplicas(spec, 0);
                update(service, current, spec);
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
    }

    private void moveToVolumes(String containerId, String service, JsonNode task, SwarmVolumes.Placement placement) {
        JsonNode placed = task;
        for (int moves = 0; ; moves++) {
            Optional<String> holder = placement.placed(placed);
            if (holder.isEmpty()) {
                return;
            }
            if (moves > 0) {
                throw new EngineRefusedException(
                        "the container's volumes were placed on another swarm node while it started: start it again",
                        null);
            }
            log.info(
                    "Container {} moves to swarm node {}, which another instance recorded for its volumes",
                    containerId,
                    holder.get());
            Set<String> before = taskIds(tasks(List.of(service)));
            repin(service, holder.get(), true);
            placed = awaitNewTask(containerId, service, before);
        }
    }

    /**
     * Pins the service to this node, whatever it was pinned to; with move, its task is replaced by one there (a
     * placement change alone leaves a running task where it is).
     */
    private void repin(String service, String node, boolean move) {
        JsonNode current = service(service);
        Map<String, Object> spec = SwarmSpecs.mutable(current.path("Spec"));
        SwarmSpecs.pin(spec, node);
        if (move) {
            SwarmSpecs.forceUpdate(spec);
        }
        update(service, current, spec);
    }

    /**
     * The new task, running; when it fails or does not run in time after Swarm gave it a node, that node's engine may
     * already have made the container's new volumes, so the node is recorded as theirs and the service pinned there
     * before the failure is thrown: a next start must not make them again on another node.
     */
    private JsonNode awaitPlacedTask(
            String containerId, String service, Set<String> before, SwarmVolumes.Placement placement) {
        try {
            return awaitNewTask(containerId, service, before);
        } catch (RuntimeException e) {
            try {
                tasks(List.of(service)).stream()
                        .filter(t -> !before.contains(t.path("ID").asString("")))
                        .filter(t -> !t.path("NodeID").asString("").isEmpty())
                        .findFirst()
                        .ifPresent(assigned -> {
                            pin(service, assigned);
                            placement.placed(assigned).ifPresent(holder -> repin(service, holder, false));
                        });
            } catch (RuntimeException recording) {
                e.addSuppressed(recording);
            }
            throw e;
        }
    }

    private JsonNode awaitNewTask(String containerId, String service, Set<String> before) {
        JsonNode[] found = new JsonNode[1];
        await(containerId, () -> {
            Optional<JsonNode> task = tasks(List.of(service)).stream()
                    .filter(t -> !before.contains(t.path("ID").asString("")))
                    .findFirst();
            if (task.isEmpty()) {
                return false;
            }
            String state = SwarmSpecs.state(task.get());
            if (TASK_DONE.contains(state) && !state.equals("complete")) {
                String error = task.get().path("Status").path("Err").asString("");
                throw new EngineRefusedException(
                        "the container did not start: " + (error.isEmpty() ? state : error), null);
            }
            found[0] = task.get();
            return SwarmSpecs.isRunning(task.get()) || state.equals("complete");
        });
        return found[0];
    }

    private void await(String containerId, java.util.function.BooleanSupplier done) {
        Instant until = Instant.now().plus(SETTLE_WITHIN);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new EngineUnavailableException(new java.io.IOException(
                        "the swarm did not settle container " + containerId + " within " + SETTLE_WITHIN));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineUnavailableException(new InterruptedIOException("interrupted"));
            }
        }
    }
}
