package com.containermanager.runtime.swarm;

import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSize;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.ImageReference;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.NetworkAttachment;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Swarm adapter's words: service specs as it writes them, and services and tasks read as the port's records. */
final class SwarmSpecs {

    /** A stop must not wait out a process that ignores SIGTERM (the port's stop gives its own when it has one). */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PIN = "node.id==";
    private static final Set<String> ENDED = Set.of("complete", "failed", "shutdown", "rejected", "orphaned", "remove");

    /** The port's state of a container whose node the manager does not say is ready (down, unknown, disconnected). */
    static final String NODE_UNAVAILABLE = "node_unavailable";
    /** The state of a container whose node is no longer in the swarm: it and what was on that node are gone. */
    static final String LOST = "lost";

    /**
     * What the manager's {@code /nodes} says of the nodes: which are in the swarm ({@code present}; null when not
     * asked, so that nothing is taken for lost) and which of them are not ready.
     */
    record NodeView(@Nullable Set<String> present, Set<String> unavailable, Map<String, String> names) {
        static final NodeView UNKNOWN = new NodeView(null, Set.of(), Map.of());

        static NodeView of(JsonNode nodes) {
            Map<String, String> names = new java.util.HashMap<>();
            for (JsonNode node : elements(nodes)) {
                names.put(node.path("ID").asString(""), nodeName(node));
            }
            return new NodeView(Set.copyOf(names.keySet()), Set.copyOf(unavailableNodes(nodes)), Map.copyOf(names));
        }

        boolean lost(String node) {
            return present != null && !present.contains(node);
        }

        /** The node's name (the host name it joined with), or its ID when this view does not know it. */
        String nameOf(String node) {
            return names.getOrDefault(node, node);
        }
    }

    private SwarmSpecs() {}

    /** The port's id of a new container: 64 hex, as the API's ids are, random, never reused. */
    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The service of one container: replicas 0 (created, not started), our labels and the id on the service and its
     * container, the size as limits and reservations, restart condition none, a short stop grace period, dnsrr, and
     * the user's network when it has one.
     */
    static Map<String, Object> service(
            ContainerSpec spec, String id, Map<String, String> labels, DockerSettings settings) {
        ContainerSize size = spec.size() == null ? settings.defaultSize() : spec.size();
        if (size.gpus() > 0) {
            throw new EngineRefusedException(
                    "not supported by the swarm runtime yet: GPUs", new UnsupportedOperationException("gpus"));
        }
        Map<String, String> allLabels = new LinkedHashMap<>(labels);
        allLabels.put(SwarmContainerRuntime.ID, id);
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("Image", ImageReference.parse(spec.image()).canonical());
        if (!spec.cmd().isEmpty()) {
            container.put("Args", spec.cmd());
        }
        container.put("Env", spec.env());
        container.put("Labels", allLabels);
        container.put("Init", true);
        container.put("StopGracePeriod", STOP_GRACE.toNanos());
        container.put("CapabilityDrop", List.of("CAP_NET_RAW", "CAP_MKNOD", "CAP_AUDIT_WRITE"));
        if (size.readOnly()) {
            container.put("ReadOnly", true);
            container.put(
                    "Mounts",
                    List.of(
                            Map.of(
                                    "Type",
                                    "tmpfs",
                                    "Target",
                                    "/tmp",
                                    "TmpfsOptions",
                                    Map.of("SizeBytes", DataSize.ofMegabytes(64).toBytes())),
                            Map.of("Type", "volume", "Target", ContainerRuntime.FILES_DIRECTORY)));
        }
        long nanoCpus = Math.round(size.cpus() * 1_000_000_000L);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("ContainerSpec", container);
        task.put(
                "Resources",
                Map.of(
                        "Limits",
                        Map.of("NanoCPUs", nanoCpus, "MemoryBytes", size.memoryBytes(), "Pids", size.pidsLimit()),
                        "Reservations",
                        Map.of("NanoCPUs", nanoCpus, "MemoryBytes", size.memoryBytes())));
        task.put("RestartPolicy", Map.of("Condition", "none"));
        if (spec.network() != null) {
            task.put("Networks", List.of(attachment(spec.network())));
        }
        task.put(
                "LogDriver",
                Map.of(
                        "Name",
                        "json-file",
                        "Options",
                        Map.of(
                                "max-size",
                                Math.max(1, settings.logMaxSize().toKilobytes()) + "k",
                                "max-file",
                                Integer.toString(settings.logMaxFiles()))));
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("Name", spec.name());
        service.put("Labels", allLabels);
        service.put("TaskTemplate", task);
        service.put("Mode", Map.of("Replicated", Map.of("Replicas", 0)));
        service.put("EndpointSpec", Map.of("Mode", "dnsrr"));
        return service;
    }

    /**
     * The user's overlay, and the user's name for the container as a DNS alias there (beside the service's own name):
     * with the service's dnsrr endpoint, both resolve to its task's address on that network.
     */
    private static Map<String, Object> attachment(NetworkAttachment network) {
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("Target", network.network());
        if (network.alias() != null) {
            attachment.put("Aliases", List.of(network.alias()));
        }
        return attachment;
    }

    /** The TCP ports an image inspect's {@code Config.ExposedPorts} names ("8000/tcp"), in order. */
    static Set<Integer> exposedTcpPorts(JsonNode image) {
        Set<Integer> ports = new java.util.TreeSet<>();
        for (String exposed : image.path("Config").path("ExposedPorts").propertyNames()) {
            String[] parts = exposed.split("/", 2);
            if (parts.length == 2 && parts[1].equals("tcp") && parts[0].matches("\\d{1,5}")) {
                ports.add(Integer.parseInt(parts[0]));
            }
        }
        return ports;
    }

    /** A service's spec as a tree to change and send back whole (an update replaces the spec). */
    static Map<String, Object> mutable(JsonNode spec) {
        return JSON.convertValue(spec, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.compute(
                key,
                (k, v) -> v instanceof Map<?, ?> m
                        ? new LinkedHashMap<>((Map<String, Object>) m)
                        : new LinkedHashMap<>());
    }

    static void setReplicas(Map<String, Object> spec, int replicas) {
        child(child(spec, "Mode"), "Replicated").put("Replicas", replicas);
    }

    /** A new task even though nothing else changed (docker service update --force). */
    static void forceUpdate(Map<String, Object> spec) {
        Map<String, Object> task = child(spec, "TaskTemplate");
        long force = task.get("ForceUpdate") instanceof Number n ? n.longValue() : 0;
        task.put("ForceUpdate", force + 1);
    }

    static void stopGracePeriod(Map<String, Object> spec, Duration grace) {
        child(child(spec, "TaskTemplate"), "ContainerSpec").put("StopGracePeriod", grace.toNanos());
    }

    /** Only this node from now on (a placement change does not replace a running task: checked on 20.10). */
    static void pin(Map<String, Object> spec, String nodeId) {
        child(child(spec, "TaskTemplate"), "Placement").put("Constraints", List.of(PIN + nodeId));
    }

    /** Whether the spec pins its tasks to this node. */
    static boolean isPinnedTo(Map<String, Object> spec, String nodeId) {
        return pinnedNodeOf(spec).filter(nodeId::equals).isPresent();
    }

    /** The node a spec about to be sent pins its tasks to, if any. */
    static Optional<String> pinnedNodeOf(Map<String, Object> spec) {
        return pinnedNode(JSON.valueToTree(Map.of("Spec", spec)));
    }

    /**
     * A user's volume as a mount of the service: Swarm makes the node's engine volume from it at the task's first
     * start there (the local driver with these options, these labels), as the Docker adapter makes it itself.
     */
    static Map<String, Object> volumeMount(
            String name, String target, boolean readOnly, Map<String, String> labels, Map<String, String> options) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("Type", "volume");
        mount.put("Source", name);
        mount.put("Target", target);
        mount.put("ReadOnly", readOnly);
        mount.put(
                "VolumeOptions",
                Map.of("NoCopy", true, "Labels", labels, "DriverConfig", Map.of("Name", "local", "Options", options)));
        return mount;
    }

    /** These mounts beside the spec's own (the read-only mode's /tmp and /files). */
    @SuppressWarnings("unchecked")
    static void addMounts(Map<String, Object> spec, List<Map<String, Object>> mounts) {
        if (mounts.isEmpty()) {
            return;
        }
        Map<String, Object> container = child(child(spec, "TaskTemplate"), "ContainerSpec");
        List<Object> all = new ArrayList<>();
        if (container.get("Mounts") instanceof List<?> existing) {
            all.addAll(existing);
        }
        all.addAll(mounts);
        container.put("Mounts", all);
    }

    /** The sources of a spec's volume mounts whose names begin so (the users' volumes), in order. */
    static List<String> volumeSources(Map<String, Object> spec, String prefix) {
        JsonNode tree = JSON.valueToTree(spec);
        return volumeSources(tree, prefix);
    }

    /** The same of a spec read from the engine ({@code Spec} of a service). */
    static List<String> volumeSources(JsonNode spec, String prefix) {
        List<String> sources = new ArrayList<>();
        for (JsonNode mount :
                elements(spec.path("TaskTemplate").path("ContainerSpec").path("Mounts"))) {
            String source = mount.path("Source").asString("");
            if (mount.path("Type").asString("").equals("volume") && source.startsWith(prefix)) {
                sources.add(source);
            }
        }
        return sources;
    }

    /** The node of a {@code /nodes} answer that carries this label (the node that holds a volume), if one does. */
    static Optional<JsonNode> nodeLabelled(JsonNode nodes, String label) {
        for (JsonNode node : elements(nodes)) {
            if (node.path("Spec").path("Labels").has(label)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /** A node's name for messages: its host name, else its ID. */
    static String nodeName(JsonNode node) {
        String name = node.path("Description").path("Hostname").asString("");
        return name.isEmpty() ? node.path("ID").asString("") : name;
    }

    static Optional<String> pinnedNode(JsonNode service) {
        for (JsonNode constraint : elements(
                service.path("Spec").path("TaskTemplate").path("Placement").path("Constraints"))) {
            String text = constraint.asString("").replace(" ", "");
            if (text.startsWith(PIN)) {
                return Optional.of(text.substring(PIN.length()));
            }
        }
        return Optional.empty();
    }

    /** The node a container is on: its newest task's, else the one it is pinned to; none before its first start. */
    static Optional<String> nodeOf(JsonNode service, List<JsonNode> tasks) {
        return current(tasks)
                .map(task -> task.path("NodeID").asString(""))
                .filter(node -> !node.isEmpty())
                .or(() -> pinnedNode(service));
    }

    /** The IDs of the nodes in a {@code /nodes} answer whose state is not {@code ready} (down, unknown, ...). */
    static Set<String> unavailableNodes(JsonNode nodes) {
        Set<String> unavailable = new java.util.HashSet<>();
        for (JsonNode node : elements(nodes)) {
            if (!isReady(node)) {
                unavailable.add(node.path("ID").asString(""));
            }
        }
        return unavailable;
    }

    /** Whether the manager says this node (a {@code /nodes} element) is ready. */
    static boolean isReady(JsonNode node) {
        return node.path("Status").path("State").asString("").equals("ready");
    }

    static int replicas(JsonNode service) {
        return service.path("Spec")
                .path("Mode")
                .path("Replicated")
                .path("Replicas")
                .asInt(0);
    }

    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(list::add);
        }
        return list;
    }

    static String state(JsonNode task) {
        return task.path("Status").path("State").asString("");
    }

    static boolean isRunning(JsonNode task) {
        return state(task).equals("running");
    }

    /** The service's newest task (by creation): the one whose state is the container's. */
    static Optional<JsonNode> current(List<JsonNode> tasks) {
        return tasks.stream().max(Comparator.comparing(SwarmSpecs::createdAt));
    }

    private static Instant createdAt(JsonNode node) {
        try {
            return Instant.parse(node.path("CreatedAt").asString(""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static @Nullable Long exitCode(JsonNode task) {
        JsonNode code = task.path("Status").path("ContainerStatus").path("ExitCode");
        return code.isNumber() ? code.asLong() : null;
    }

    /**
     * The port's state of a container: its newest task's (running; exited once it ended, with its exit code), or
     * with no task created before its first start and exited after it (a stop removes the task).
     */
    static String stateOf(JsonNode service, List<JsonNode> tasks) {
        return stateOf(service, tasks, NodeView.UNKNOWN);
    }

    /**
     * The port's state, or {@link #NODE_UNAVAILABLE} when the container's node ({@link #nodeOf}) is one of the
     * unavailable ones: the manager's view of its task is then stale (a crashed node's task stays running there);
     * {@link #LOST} when its node is no longer in the swarm at all.
     */
    static String stateOf(JsonNode service, List<JsonNode> tasks, NodeView nodes) {
        Optional<String> node = nodeOf(service, tasks);
        if (node.filter(nodes::lost).isPresent()) {
            return LOST;
        }
        if (node.filter(nodes.unavailable()::contains).isPresent()) {
            return NODE_UNAVAILABLE;
        }
        Optional<JsonNode> task = current(tasks);
        if (task.isEmpty()) {
            return pinnedNode(service).isPresent() ? "exited" : "created";
        }
        String state = state(task.get());
        if (state.equals("running")) {
            return "running";
        }
        return ENDED.contains(state) ? "exited" : "created";
    }

    /** A service whose labels do not name an owner or our id is not one we made: empty, and it is left alone. */
    static Optional<ManagedContainer> managed(JsonNode service, List<JsonNode> tasks) {
        return managed(service, tasks, NodeView.UNKNOWN);
    }

    static Optional<ManagedContainer> managed(JsonNode service, List<JsonNode> tasks, NodeView nodes) {
        JsonNode labels = service.path("Spec").path("Labels");
        String id = labels.path(SwarmContainerRuntime.ID).asString("");
        try {
            long owner = Long.parseLong(labels.path(ContainerLabels.OWNER).asString(""));
            String job = labels.path(ContainerLabels.JOB).asString(null);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            String state = stateOf(service, tasks, nodes);
            return Optional.of(new ManagedContainer(
                    id,
                    owner,
                    job == null ? null : UUID.fromString(job),
                    createdAt(service),
                    state,
                    state.equals("exited")
                            ? current(tasks).map(SwarmSpecs::exitCode).orElse(null)
                            : null,
                    nodeOf(service, tasks).map(nodes::nameOf).orElse(null)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** inspect: the service's name, and its newest task's state, error, exit code and when it changed. */
    static ContainerDetails details(JsonNode service, List<JsonNode> tasks) {
        return details(service, tasks, NodeView.UNKNOWN);
    }

    static ContainerDetails details(JsonNode service, List<JsonNode> tasks, NodeView nodes) {
        String state = stateOf(service, tasks, nodes);
        Optional<JsonNode> task = current(tasks);
        JsonNode status = task.map(t -> t.path("Status")).orElse(JSON.missingNode());
        JsonNode pid = status.path("ContainerStatus").path("PID");
        String error = status.path("Err").asString("");
        String changed = status.path("Timestamp").asString(null);
        var details = new ContainerDetails.State(
                state,
                state.equals("running"),
                false,
                false,
                false,
                false,
                state.equals("running") && pid.isNumber() && pid.asInt() > 0 ? pid.asInt() : null,
                state.equals("exited") ? task.map(SwarmSpecs::exitCode).orElse(null) : null,
                error.isEmpty() ? null : error,
                state.equals("running") ? changed : null,
                state.equals("exited") ? changed : null);
        return new ContainerDetails(service.path("Spec").path("Name").asString(""), state, details);
    }
}
