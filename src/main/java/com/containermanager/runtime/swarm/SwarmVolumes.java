package com.containermanager.runtime.swarm;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.EngineContainerLostException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.VolumeMount;
import com.containermanager.runtime.VolumeSpec;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import com.containermanager.runtime.docker.EngineApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Users' volumes under the Swarm adapter: node-local volumes, each held by one node (docs/several-hosts.md, "Volumes").
 *
 * <p>A volume's data is the Docker adapter's: an ext4 file system image of the volume's size on this host (the
 * directory of {@code volumes.directory}), attached to a loop device; a node's engine volume of the same name
 * ({@code cm-volume-<id>}) mounts it with the local driver. Before any container mounting it has started, a volume is
 * held by no node: only its image exists. A container's service mounts its volumes with the driver's options and the
 * volume's labels, so that the engine of the node Swarm places the first task on makes the volume there; right after
 * that task runs, the node is recorded as a label of the swarm node ({@code container-manager.volume.<id>}), kept by
 * the managers (Raft) and so known while that node is down. From then on every container mounting the volume is
 * pinned to that node before its start, so that containers sharing a volume meet on one node, and the volume's calls
 * go to that node's engine (through its Docker adapter, {@link NodeEngines}): a node that is not ready, or whose
 * engine does not answer, is {@link EngineUnavailableException} naming it, never a volume made again elsewhere.
 *
 * <p>The first starts of containers sharing a volume that no node holds yet are one at a time in this process (a lock
 * per volume, held from the placement to the record), so that they do not land on two nodes. Across instances the
 * record below is the arbiter: it is made once in the swarm, and a first start whose task landed on another node than
 * the record names moves there ({@link Placement#placed}).
 *
 * <p>The node's label goes with the node when it is removed from the swarm for good, so the holder is also recorded
 * in a swarm config ({@code cm-vol-<id>}, the node's ID as a label): a cluster object that outlives any node. A volume
 * whose config names a node no longer in the swarm is lost ({@link EngineContainerLostException}): its data was on
 * that node, so it is never made again, empty, elsewhere; it can only be removed.
 */
final class SwarmVolumes {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SwarmVolumes.class);

    /** The swarm node's label recording that it holds a volume: this, then the volume's id; its value the owner. */
    static final String NODE_LABEL = "container-manager.volume.";

    /** The swarm config that records a volume's node beyond the node's life: this, then the volume's id. */
    static final String CONFIG_PREFIX = "cm-vol-";
    /** The config's label naming the node. */
    static final String CONFIG_NODE = "container-manager.volume-node";

    /** Node updates that lost a race with another update of the same node are tried again this often. */
    private static final int NODE_UPDATE_TRIES = 5;

    private final EngineApi manager;
    private final NodeEngines nodes;
    /** The Docker adapter on the manager's engine with the volume images' directory; null: no volumes. */
    private final @Nullable DockerContainerRuntime host;

    private final Map<String, String> ourLabels;
    private final Map<UUID, ReentrantLock> placing = new ConcurrentHashMap<>();

    SwarmVolumes(
            EngineApi manager,
            NodeEngines nodes,
            @Nullable DockerContainerRuntime host,
            Map<String, String> ourLabels) {
        this.manager = manager;
        this.nodes = nodes;
        this.host = host;
        this.ourLabels = Map.copyOf(ourLabels);
    }

    private DockerContainerRuntime host() {
        if (host == null) {
            throw new EngineRefusedException("this runtime has no volumes", null);
        }
        return host;
    }

    // --- the port's volume calls

    /**
     * On the node that holds it: its image attached and its engine volume made when missing (as the Docker adapter
     * does); held by none yet: only its image made and attached here.
     */
    void ensure(VolumeSpec volume) {
        Optional<String> node = holder(volume.id());
        if (node.isEmpty()) {
            host().attachVolume(volume);
            return;
        }
        onNode(node.get(), engine -> {
            engine.ensureVolume(volume);
            return null;
        });
    }

    long usedBytes(UUID volumeId) {
        if (host == null) {
            return 0;
        }
        Optional<String> node = holder(volumeId);
        if (node.isEmpty()) {
            return host().volumeUsedBytes(volumeId);
        }
        return onNode(node.get(), engine -> engine.volumeUsedBytes(volumeId));
    }

    /**
     * False while a service of ours mounts it (a stopped container has no task, so its node's engine would let the
     * volume go); else its node's engine volume, its image and its node's record. A volume no node holds is only
     * its image.
     */
    boolean remove(UUID volumeId) {
        if (host == null) {
            return true; // none is ever made
        }
        Optional<String> node;
        try {
            node = holder(volumeId);
        } catch (EngineContainerLostException lost) {
            if (servicesMounting(DockerContainerRuntime.volumeName(volumeId))) {
                return false;
            }
            // Its node and its data are gone: what is left is this host's image (if any), strays and the record.
            if (!removeStrays(volumeId, null)) {
                return false;
            }
            host().removeVolume(volumeId);
            forget(volumeId);
            return true;
        }
        if (servicesMounting(DockerContainerRuntime.volumeName(volumeId))) {
            return false;
        }
        if (node.isEmpty()) {
            return removeStrays(volumeId, null) && host().removeVolume(volumeId);
        }
        String holderAddress = nodes.node(node.get()).address();
        // The strays first, the holder's (its data, under soft volumes) only once none is left in use.
        if (!removeStrays(volumeId, holderAddress) || !onNode(node.get(), engine -> engine.removeVolume(volumeId))) {
            return false;
        }
        label(node.get(), volumeId, null);
        forget(volumeId);
        return true;
    }

    /**
     * The engine volumes of this name on the nodes other than the holder's (at holderAddress; null: none holds it):
     * one may be an empty volume made there for a first start that lost the race for the record and moved
     * ({@link Placement#placed}). False while one is in use (the task containers of a removed service go a moment
     * after it). A node that does not answer keeps its one (said in the log); it does not keep the volume's removal
     * from going on.
     */
    private boolean removeStrays(UUID volumeId, @Nullable String holderAddress) {
        boolean removed = true;
        for (String address : new TreeSet<>(nodes.addresses().values())) {
            if (address.equals(holderAddress)) {
                continue;
            }
            try {
                removed &= ((DockerContainerRuntime) nodes.engineAt(address)).removeEngineVolume(volumeId);
            } catch (RuntimeException e) {
                log.warn("Volume {} may stay on the engine at {}: {}", volumeId, address, e.getMessage());
            }
        }
        return removed;
    }

    String limit() {
        return host == null ? "soft" : host.volumeLimit();
    }

    // --- containers

    /**
     * The container's volumes as mounts of its service; refused when they are held by different nodes (no node
     * could run it), 503 when a node that holds one is not ready.
     */
    void mount(Map<String, Object> service, long ownerId, List<VolumeMount> volumes) {
        if (volumes.isEmpty()) {
            return;
        }
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.OWNER, Long.toString(ownerId));
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (VolumeMount volume : volumes) {
            mounts.add(SwarmSpecs.volumeMount(
                    DockerContainerRuntime.volumeName(volume.volumeId()),
                    volume.path(),
                    volume.readOnly(),
                    labels,
                    host().volumeDriverOptions(volume.volumeId())));
        }
        nodeOf(volumes.stream().map(VolumeMount::volumeId).toList());
        SwarmSpecs.addMounts(service, mounts);
    }

    /** What a start of a service with volumes that no node held yet must do once its task runs: {@link #placed}. */
    interface Placement extends AutoCloseable {

        /**
         * Records the task's node as the holder of the volumes that had none; when another instance's first start
         * of one of them recorded another node first, nothing is recorded and that node is returned: the record is
         * the arbiter, and the container must move there.
         */
        Optional<String> placed(@Nullable JsonNode task);

        /** Lets other first starts of these volumes go on. */
        @Override
        void close();
    }

    private static final Placement NOTHING = new Placement() {
        @Override
        public Optional<String> placed(@Nullable JsonNode task) {
            return Optional.empty();
        }

        @Override
        public void close() {}
    };

    /**
     * Before a start (or restart) sends this spec: a service that mounts a volume some node holds is pinned to that
     * node now, unless it is already (503 when it is not ready); when it mounts only volumes no node holds, the first starts
     * of those volumes wait for each other here until {@link Placement#placed} recorded this one's node.
     */
    Placement place(Map<String, Object> spec) {
        List<UUID> volumes = volumeIds(SwarmSpecs.volumeSources(spec, DockerContainerRuntime.VOLUME_PREFIX));
        if (volumes.isEmpty()) {
            return NOTHING;
        }
        Optional<String> node = nodeOf(volumes);
        if (node.isPresent() && SwarmSpecs.isPinnedTo(spec, node.get())) {
            return NOTHING;
        }
        if (node.isPresent()) {
            if (SwarmSpecs.pinnedNodeOf(spec).isPresent()) {
                log.warn(
                        "A container pinned to another swarm node than its volumes' is pinned to theirs, {}",
                        node.get());
            }
            // Not pinned yet, or pinned elsewhere by a first start that lost a race with another instance's (the
            // volumes' record is the arbiter; a stop keeps nothing but volumes, so nothing is left behind there).
            // The manager takes a node whose engine just died for ready for some seconds: its engine asked first,
            // rather than a task waiting there until the start gives up.
            onNode(node.get(), DockerContainerRuntime::version);
            SwarmSpecs.pin(spec, node.get());
            return NOTHING;
        }
        List<ReentrantLock> held = new ArrayList<>();
        for (UUID volume : new TreeSet<>(volumes)) {
            ReentrantLock lock = placing.computeIfAbsent(volume, v -> new ReentrantLock());
            lock.lock();
            held.add(lock);
        }
        Placement placement = new Placement() {
            @Override
            public Optional<String> placed(@Nullable JsonNode task) {
                String taskNode = task == null ? "" : task.path("NodeID").asString("");
                if (taskNode.isEmpty()) {
                    return Optional.empty();
                }
                // The records first: a label without one would be lost with its node, and the volume taken for
                // never placed. A record is made once in the swarm, so two instances' first starts that met on two
                // nodes learn here which one holds the volume.
                boolean madeAny = false;
                for (UUID volume : volumes) {
                    Recorded recorded = record(taskNode, volume);
                    if (!recorded.node().equals(taskNode)) {
                        if (madeAny) {
                            // A record once made is never taken back (another start may have read it already):
                            // this container's volumes are now held by two nodes, as two starts at once put them.
                            throw new EngineRefusedException(
                                    "the volumes " + volumes + " were placed on different swarm nodes by two starts"
                                            + " at once: one container cannot mount them together",
                                    null);
                        }
                        return Optional.of(recorded.node());
                    }
                    madeAny |= recorded.made();
                }
                long owner = ownerOf(spec);
                for (UUID volume : volumes) {
                    label(taskNode, volume, Long.toString(owner));
                }
                return Optional.empty();
            }

            @Override
            public void close() {
                held.reversed().forEach(ReentrantLock::unlock);
            }
        };
        try {
            // Another start may have placed them while this one waited.
            Optional<String> now = nodeOf(volumes);
            if (now.isPresent() && !SwarmSpecs.isPinnedTo(spec, now.get())) {
                SwarmSpecs.pin(spec, now.get());
            }
            return placement;
        } catch (RuntimeException e) {
            placement.close();
            throw e;
        }
    }

    private static long ownerOf(Map<String, Object> spec) {
        return spec.get("Labels") instanceof Map<?, ?> labels
                        && labels.get(ContainerLabels.OWNER) instanceof String owner
                        && owner.matches("\\d+")
                ? Long.parseLong(owner)
                : 0;
    }

    private static List<UUID> volumeIds(List<String> sources) {
        List<UUID> ids = new ArrayList<>();
        for (String source : sources) {
            try {
                ids.add(UUID.fromString(source.substring(DockerContainerRuntime.VOLUME_PREFIX.length())));
            } catch (IllegalArgumentException e) {
                // not one of the users' volumes
            }
        }
        return ids;
    }

    /** The one node that holds any of these volumes (none yet: empty); refused when two nodes hold some. */
    private Optional<String> nodeOf(List<UUID> volumes) {
        JsonNode all = swarmNodes();
        Map<String, UUID> found = new LinkedHashMap<>();
        for (UUID volume : volumes) {
            holder(all, volume).ifPresent(node -> found.putIfAbsent(node, volume));
        }
        if (found.size() > 1) {
            throw new EngineRefusedException(
                    "the volumes " + found.values() + " are on different swarm nodes: one container cannot mount them"
                            + " together",
                    null);
        }
        return found.keySet().stream().findFirst();
    }

    // --- where a volume is

    /** The ID of the node that holds the volume, if one does; 503 naming it when the manager says it is not ready. */
    Optional<String> holder(UUID volumeId) {
        return holder(swarmNodes(), volumeId);
    }

    private Optional<String> holder(JsonNode swarmNodes, UUID volumeId) {
        Optional<JsonNode> node = SwarmSpecs.nodeLabelled(swarmNodes, NODE_LABEL + volumeId);
        if (node.isEmpty()) {
            Optional<String> recorded = recordedNode(volumeId);
            if (recorded.isPresent() && !SwarmSpecs.NodeView.of(swarmNodes).lost(recorded.get())) {
                return Optional.of(recorded.get()); // its label was lost in a race; the record stands
            }
            if (recorded.isPresent()) {
                throw new EngineContainerLostException("volume " + volumeId + " was on swarm node " + recorded.get()
                        + ", which is no longer in the swarm: its data is lost");
            }
            return Optional.empty();
        }
        if (!SwarmSpecs.isReady(node.get())) {
            throw new EngineUnavailableException(
                    new IOException("swarm node " + SwarmSpecs.nodeName(node.get()) + ", which holds volume " + volumeId
                            + ", is unavailable (the manager says "
                            + node.get().path("Status").path("State").asString("") + ")"));
        }
        return Optional.of(node.get().path("ID").asString(""));
    }

    private JsonNode swarmNodes() {
        return ok(manager.call("GET", "/nodes", null, EngineApi.QUICK)).json();
    }

    private <T> T onNode(String nodeId, java.util.function.Function<DockerContainerRuntime, T> call) {
        NodeEngines.Node node = nodes.node(nodeId);
        return NodeEngines.on(node, engine -> call.apply((DockerContainerRuntime) engine));
    }

    /** Whether a service of this installation mounts the volume of this name. */
    private boolean servicesMounting(String name) {
        String filters = EngineApi.filters(Map.of("label", EngineApi.labelFilter(ourLabels)));
        for (JsonNode service :
                SwarmSpecs.elements(ok(manager.call("GET", "/services?filters=" + filters, null, EngineApi.QUICK))
                        .json())) {
            if (SwarmSpecs.volumeSources(service.path("Spec"), name).contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The node a volume's record names, and whether this call made the record. */
    private record Recorded(String node, boolean made) {}

    /**
     * The volume's config naming its node, made once in the swarm: when another instance made it first, the node it
     * names.
     */
    private Recorded record(String nodeId, UUID volumeId) {
        Map<String, String> labels = new LinkedHashMap<>(ourLabels);
        labels.put(CONFIG_NODE, nodeId);
        Map<String, Object> config = Map.of(
                "Name",
                CONFIG_PREFIX + volumeId,
                "Labels",
                labels,
                "Data",
                java.util.Base64.getEncoder().encodeToString(nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (int attempt = 1; ; attempt++) {
            EngineApi.Answer answer = manager.call("POST", "/configs/create", config, EngineApi.QUICK);
            if (answer.status() != 409) {
                ok(answer);
                return new Recorded(nodeId, true);
            }
            Optional<String> theirs = recordedNode(volumeId);
            if (theirs.isPresent()) {
                return new Recorded(theirs.get(), false);
            }
            // Removed between the two calls (the volume's removal): made again, or given up.
            if (attempt >= NODE_UPDATE_TRIES) {
                throw EngineApi.error(answer);
            }
        }
    }

    private Optional<String> recordedNode(UUID volumeId) {
        EngineApi.Answer answer = manager.call("GET", "/configs/" + CONFIG_PREFIX + volumeId, null, EngineApi.QUICK);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        String node =
                ok(answer).json().path("Spec").path("Labels").path(CONFIG_NODE).asString("");
        return node.isEmpty() ? Optional.empty() : Optional.of(node);
    }

    private void forget(UUID volumeId) {
        EngineApi.Answer answer = manager.call("DELETE", "/configs/" + CONFIG_PREFIX + volumeId, null, EngineApi.QUICK);
        if (answer.status() != 404) {
            ok(answer);
        }
    }

    /**
     * The node's record of the volume set (value) or taken away (null), at the node's version just read; an update
     * that lost a race with another one is tried again.
     */
    private void label(String nodeId, UUID volumeId, @Nullable String value) {
        for (int attempt = 1; ; attempt++) {
            JsonNode node = ok(manager.call("GET", "/nodes/" + nodeId, null, EngineApi.QUICK))
                    .json();
            Map<String, Object> spec = SwarmSpecs.mutable(node.path("Spec"));
            Map<String, Object> labels = new LinkedHashMap<>();
            if (spec.get("Labels") instanceof Map<?, ?> existing) {
                existing.forEach((k, v) -> labels.put(String.valueOf(k), v));
            }
            boolean changed = value == null
                    ? labels.remove(NODE_LABEL + volumeId) != null
                    : !value.equals(labels.put(NODE_LABEL + volumeId, value));
            if (!changed) {
                return;
            }
            spec.put("Labels", labels);
            long version = node.path("Version").path("Index").asLong();
            EngineApi.Answer answer =
                    manager.call("POST", "/nodes/" + nodeId + "/update?version=" + version, spec, EngineApi.QUICK);
            if (answer.status() < 300) {
                return;
            }
            if (attempt >= NODE_UPDATE_TRIES) {
                throw EngineApi.error(answer);
            }
        }
    }

    private static EngineApi.Answer ok(EngineApi.Answer answer) {
        if (answer.status() >= 300) {
            throw EngineApi.error(answer);
        }
        return answer;
    }
}
