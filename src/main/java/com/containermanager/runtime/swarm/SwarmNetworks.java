package com.containermanager.runtime.swarm;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.runtime.docker.EngineApi;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The users' networks under Swarm: one overlay per user, egress mode and installation, named and labelled as the
 * Docker adapter names its bridges, made on the manager: attachable, {@code Internal} without egress (a task there
 * gets no {@code docker_gwbridge} leg, so no route out: checked on 20.10), on the subnet the service handed out.
 * Services join it with their name as an alias and {@code dnsrr} endpoints (this kernel has no IPVS for VIPs).
 *
 * <p>Swarm allocates an overlay's subnet after it accepted the network (the create answers 201 for a subnet that
 * overlaps another overlay, and the network stays unallocated, unusable): so the subnets of the swarm's networks and
 * of every node's local ones (runtime.swarm.nodes) are checked first, the new network is awaited until allocated, and
 * one that is not is removed; both answer "overlaps" (empty), as the Docker adapter does for the engine's refusal.
 */
final class SwarmNetworks {

    /** How long a new overlay may take to get its subnet (milliseconds when free). */
    static final Duration ALLOCATED_WITHIN = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(SwarmNetworks.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final EngineApi manager;
    private final Map<String, String> ourLabels;
    /** Every node's engine address by node name or ID: their local networks' subnets are off limits too. */
    private final Map<String, String> nodes;
    /** The node engines' Docker adapters, the ones exec and stats use ({@link NodeEngines#engineAt}). */
    private final Function<String, ContainerRuntime> engineAt;

    SwarmNetworks(
            EngineApi manager,
            Map<String, String> ourLabels,
            Map<String, String> nodes,
            Function<String, ContainerRuntime> engineAt) {
        this.manager = manager;
        this.ourLabels = Map.copyOf(ourLabels);
        this.nodes = Map.copyOf(nodes);
        this.engineAt = engineAt;
    }

    /** One per user and egress, per installation, as the Docker adapter names its bridges. */
    String name(long ownerId, boolean egress) {
        return "cm-" + ourLabels.get(ContainerLabels.INSTALLATION) + "-u" + ownerId + (egress ? "-egress" : "");
    }

    /**
     * The user's overlay, made when missing; empty when its subnet overlaps a network of the swarm or of a node (the
     * caller hands out another one).
     */
    Optional<String> ensure(UserNetwork network) {
        String name = name(network.ownerId(), network.egress());
        Optional<JsonNode> existing = inspect(name);
        if (existing.isEmpty()) {
            if (subnets().stream().anyMatch(taken -> UserNetwork.overlap(taken, network.subnet()))) {
                return Optional.empty();
            }
            EngineApi.Answer created = manager.call("POST", "/networks/create", config(name, network), EngineApi.QUICK);
            // 409: made meanwhile under this name (another instance): awaited as ours.
            if (created.status() >= 300 && created.status() != 409) {
                if (EngineApi.message(created)
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("overlap")) {
                    return Optional.empty();
                }
                throw refused(created, "the swarm refused the network: ");
            }
        } else if (!existing.get().path("Scope").asString("").equals("swarm")) {
            throw new EngineRefusedException("a network named " + name + " exists that is not the swarm's", null);
        } else if (allocated(existing.get())) {
            return Optional.of(name);
        }
        if (awaitAllocated(name)) {
            return Optional.of(name);
        }
        log.warn(
                "The swarm did not allocate {} for network {}: removed, another subnet follows",
                network.subnet(),
                name);
        remove(name);
        return Optional.empty();
    }

    private Map<String, Object> config(String name, UserNetwork network) {
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.OWNER, Long.toString(network.ownerId()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Name", name);
        config.put("CheckDuplicate", true);
        config.put("Driver", "overlay");
        config.put("Attachable", true);
        config.put("Internal", !network.egress());
        config.put("Labels", labels);
        config.put("IPAM", Map.of("Driver", "default", "Config", List.of(Map.of("Subnet", network.subnet()))));
        return config;
    }

    /** Whether the swarm gave the network its subnet (an unallocated overlay has no driver and no IPAM config). */
    private boolean awaitAllocated(String name) {
        Instant until = Instant.now().plus(ALLOCATED_WITHIN);
        while (true) {
            Optional<JsonNode> found = inspect(name);
            if (found.isPresent() && allocated(found.get())) {
                return true;
            }
            if (found.isEmpty() || Instant.now().isAfter(until)) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineUnavailableException(new InterruptedIOException("interrupted"));
            }
        }
    }

    static boolean allocated(JsonNode network) {
        return !network.path("Driver").asString("").isEmpty()
                && network.path("IPAM").path("Config").isArray()
                && !network.path("IPAM").path("Config").isEmpty();
    }

    private Optional<JsonNode> inspect(String name) {
        EngineApi.Answer answer = manager.call("GET", "/networks/" + name, null, EngineApi.QUICK);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(ok(answer).json());
    }

    /**
     * The IPv4 subnets of the swarm's networks (the manager lists every overlay) and of each node's local ones
     * (bridges, docker_gwbridge), whoever made them. A node whose engine does not answer is left out (it runs
     * nothing now; its default pools are the engine's, 172.16.0.0/12 and 192.168.0.0/16, unless configured otherwise).
     */
    Set<String> subnets() {
        Set<String> subnets = new LinkedHashSet<>(EngineApi.ipv4Subnets(
                ok(manager.call("GET", "/networks", null, EngineApi.QUICK)).json()));
        nodes.forEach((node, address) -> {
            try {
                subnets.addAll(engineAt.apply(address).networkSubnets());
            } catch (EngineUnavailableException e) {
                log.warn("Node {}'s engine does not answer: its local networks are not checked for overlaps", node);
            }
        });
        return subnets;
    }

    /**
     * Removes every overlay of this owner (of this installation); answers how many. One a service still uses is
     * refused by the swarm ({@link EngineRefusedException}: the caller tries again later).
     */
    int removeAll(long ownerId) {
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(ContainerLabels.OWNER, Long.toString(ownerId));
        String filters = EngineApi.filters(Map.of("label", EngineApi.labelFilter(labels)));
        List<String> names = SwarmSpecs.elements(
                        ok(manager.call("GET", "/networks?filters=" + filters, null, EngineApi.QUICK))
                                .json())
                .stream()
                .filter(network -> network.path("Scope").asString("").equals("swarm"))
                .map(network -> network.path("Name").asString(""))
                .filter(name -> !name.isEmpty())
                .toList();
        names.forEach(this::remove);
        return names.size();
    }

    /** Gone already is fine; one in use is the swarm's refusal ("is in use by service ..."). */
    private void remove(String name) {
        EngineApi.Answer answer = manager.call("DELETE", "/networks/" + name, null, EngineApi.QUICK);
        if (answer.status() >= 300 && answer.status() != 404) {
            throw refused(answer, "the swarm could not remove the network: ");
        }
    }

    /** The swarm's words as a refusal; a 5xx without words is the manager in trouble (unavailable). */
    private static RuntimeException refused(EngineApi.Answer answer, String what) {
        if (answer.status() >= 500 && EngineApi.message(answer).isEmpty()) {
            return EngineApi.error(answer);
        }
        return new EngineRefusedException(what + EngineApi.message(answer), null);
    }

    private static EngineApi.Answer ok(EngineApi.Answer answer) {
        if (answer.status() >= 300) {
            throw EngineApi.error(answer);
        }
        return answer;
    }
}
