package com.containermanager.runtime.swarm;

import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.StatsStream;
import com.containermanager.runtime.docker.EngineApi;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The swarm nodes' own engines (runtime.swarm.nodes, by node name or ID), for the calls a task's node answers and the
 * manager does not: exec, stats, copy-in. Each node's engine is spoken to by the Docker adapter made for its address
 * (the same client, decoders and deadlines as under {@code runtime.kind: docker}); a node's name is asked of the
 * manager once. A node engine that does not answer is {@link EngineUnavailableException} naming the node.
 */
final class NodeEngines {

    /** One node: its swarm ID, its name (the host name it joined with), and the Docker adapter on its engine. */
    record Node(String id, String name, String address, ContainerRuntime engine) {}

    /** A running task's container on its node's engine. */
    record TaskContainer(Node node, String containerId) {}

    /** An exec on a node's engine: the port's exec id is {@code <node id>/<exec id>}. */
    record NodeExec(Node node, String execId) {}

    private final EngineApi manager;
    private final Map<String, String> addresses;
    private final Function<String, ContainerRuntime> engineAt;
    private final Map<String, Node> byId = new ConcurrentHashMap<>();
    private final Map<String, ContainerRuntime> byAddress = new ConcurrentHashMap<>();

    /**
     * @param addresses node name or ID -> engine address (runtime.swarm.nodes)
     * @param engineAt the Docker adapter on the engine at an address
     */
    NodeEngines(EngineApi manager, Map<String, String> addresses, Function<String, ContainerRuntime> engineAt) {
        this.manager = manager;
        this.addresses = Map.copyOf(addresses);
        this.engineAt = engineAt;
    }

    Map<String, String> addresses() {
        return addresses;
    }

    /** The task's container on its node's engine; empty when the task has no container (yet). */
    Optional<TaskContainer> containerOf(JsonNode task) {
        String container =
                task.path("Status").path("ContainerStatus").path("ContainerID").asString("");
        String nodeId = task.path("NodeID").asString("");
        if (container.isEmpty() || nodeId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TaskContainer(node(nodeId), container));
    }

    /** The node of this swarm ID, its engine made at the first call. */
    Node node(String nodeId) {
        Node known = byId.get(nodeId);
        if (known != null) {
            return known;
        }
        EngineApi.Answer answer = manager.call("GET", "/nodes/" + nodeId, null, EngineApi.QUICK);
        if (answer.status() >= 300) {
            throw EngineApi.error(answer);
        }
        String name = answer.json().path("Description").path("Hostname").asString("");
        String address = addresses.getOrDefault(nodeId, addresses.get(name));
        if (address == null) {
            throw new EngineUnavailableException(new IOException("runtime.swarm.nodes names no engine for swarm node "
                    + (name.isEmpty() ? nodeId : name + " (" + nodeId + ")")));
        }
        return byId.computeIfAbsent(nodeId, id -> new Node(id, name, address, engineAt(address)));
    }

    /** The Docker adapter on the engine at this address, made once. */
    ContainerRuntime engineAt(String address) {
        return byAddress.computeIfAbsent(address, engineAt);
    }

    /**
     * Every node engine's events, merged ({@link NodeEvents}): one stream per address of runtime.swarm.nodes (a node
     * named twice, by name and by ID, is followed once), each opened again when it breaks,
     * and the listing compared with what the stream knew when it is back.
     */
    NodeEvents events(Supplier<List<ManagedContainer>> listing) {
        Map<String, String> names = new java.util.TreeMap<>();
        addresses.forEach((name, address) -> names.merge(address, name, (a, b) -> a.compareTo(b) <= 0 ? a : b));
        return NodeEvents.of(
                names.entrySet().stream()
                        .map(node -> new NodeEvents.Source(
                                node.getValue(), () -> engineAt(node.getKey()).events()))
                        .toList(),
                listing);
    }

    /** The port's exec id for an exec of the node's engine: it carries the node. */
    String execId(Node node, String execId) {
        return node.id() + "/" + execId;
    }

    /** The node and the engine's exec id of a port's exec id; no such exec when it is not one of ours. */
    NodeExec exec(String execId) {
        int slash = execId.indexOf('/');
        if (slash <= 0 || slash == execId.length() - 1) {
            throw new EngineNoSuchContainerException(execId);
        }
        return new NodeExec(node(execId.substring(0, slash)), execId.substring(slash + 1));
    }

    /** What a stats stream of a container with no running task says: one unsampled sample, then its end. */
    static StatsStream stopped() {
        return new StatsStream() {
            private boolean told;

            @Override
            public synchronized @Nullable ContainerStats next() {
                if (told) {
                    return null;
                }
                told = true;
                return ContainerStats.none(Instant.now());
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    /** A call on the node's engine; its not answering names the node. */
    static <T> T on(Node node, Function<ContainerRuntime, T> call) {
        try {
            return call.apply(node.engine());
        } catch (EngineUnavailableException e) {
            throw new EngineUnavailableException(new IOException(
                    "the engine of swarm node " + node.name() + " (" + node.address() + ") does not answer: "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage()),
                    e));
        }
    }
}
