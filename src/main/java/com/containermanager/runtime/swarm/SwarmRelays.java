package com.containermanager.runtime.swarm;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ImageReference;
import com.containermanager.runtime.RelaySettings;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.runtime.docker.EngineApi;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The app proxy's way to a task under Swarm (docs/several-hosts.md, "The app proxy"): the service's host has no
 * address on a user's overlay, so each user network gets one relay (relay/cm-relay.c, the image of proxy.relay_image)
 * as a Swarm service of one replica, restarted on failure, on that overlay and on this installation's relay overlay
 * ({@code cm-<installation>-relays}, not internal: a task on internal overlays only gets no {@code docker_gwbridge}
 * leg, and so no published port). Its port is published {@code mode=host} on its node (the ingress mesh needs IPVS),
 * on a port the node picks, so the host reaches it at the node's address ({@code Status.Addr} in the manager's
 * {@code /nodes}: the address the node joined the swarm with) and that port, and tells it the task's address on the
 * overlay. The relay keeps its hardening: all capabilities dropped, read-only root, 32 MiB, no forwarding, and it
 * connects only inside the user network's subnet.
 *
 * <p>Made when an app is first opened ({@link #route}) by any instance: a name a racing instance took is that
 * instance's relay, used as it is. Removed with the user's networks ({@link #removeAll}). It carries the
 * installation's labels and {@link #LABEL} (its owner), but neither an owner label nor our id: no listing of a user's
 * containers sees it.
 */
final class SwarmRelays {

    /** The owner whose network a relay serves (as the Docker adapter's relays carry it). */
    static final String LABEL = "container-manager.relay";

    static final int PORT = 7070;
    static final int MAX_CONNECTIONS = 256;
    static final long MEMORY = 32L * 1024 * 1024;

    /** How long a route waits for a relay's task to run and publish its port (the nodes pull its image first). */
    static final Duration READY_WITHIN = Duration.ofSeconds(30);

    /** How long the removal of a relay waits for its task to be gone (the swarm keeps its network until then). */
    static final Duration GONE_WITHIN = Duration.ofSeconds(15);

    /** How long a node's address is kept (it changes only when the node joins again). */
    static final Duration NODE_ADDRESS_FOR = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<String> TASK_FAILED = Set.of("failed", "rejected", "orphaned");

    private final EngineApi manager;
    private final Map<String, String> ourLabels;
    private final String installation;
    private final RelaySettings settings;
    /** The subnets of the swarm's and the nodes' networks ({@link SwarmNetworks#subnets}). */
    private final Supplier<Set<String>> subnets;

    private record NodeAddress(String address, long askedAt) {}

    private final Map<String, NodeAddress> nodeAddresses = new ConcurrentHashMap<>();

    SwarmRelays(
            EngineApi manager, Map<String, String> ourLabels, RelaySettings settings, Supplier<Set<String>> subnets) {
        this.manager = manager;
        this.ourLabels = Map.copyOf(ourLabels);
        this.installation = ourLabels.get(ContainerLabels.INSTALLATION);
        this.settings = settings;
        this.subnets = subnets;
    }

    /** This installation's relay overlay: every relay's second network, no user task's. */
    String networkName() {
        return "cm-" + installation + "-relays";
    }

    /** The relay of a user network: named after it. */
    static String name(String userNetwork) {
        return userNetwork + "-relay";
    }

    /** Where a user's task on an overlay of ours, and that network, are: what a route needs. */
    record Target(long ownerId, String network, String subnet, String address) {}

    /**
     * How the host reaches the service's running task: through the relay of the user network it is on, made when
     * missing; not reachable when it is on no user network of this installation, not running when no task runs.
     */
    ContainerRoute route(List<JsonNode> tasks) {
        Optional<JsonNode> running = SwarmSpecs.current(tasks).filter(SwarmSpecs::isRunning);
        if (running.isEmpty()) {
            return ContainerRoute.unreachable(false);
        }
        Optional<Target> target = target(running.get());
        if (target.isEmpty()) {
            return ContainerRoute.unreachable(true);
        }
        Published relay = ensure(target.get());
        return ContainerRoute.relayed(
                relay.address(), relay.port(), target.get().address());
    }

    /** The task's attachment to a user network of this installation (labelled with its owner), if it has one. */
    Optional<Target> target(JsonNode task) {
        for (JsonNode attachment : SwarmSpecs.elements(task.path("NetworksAttachments"))) {
            JsonNode spec = attachment.path("Network").path("Spec");
            JsonNode labels = spec.path("Labels");
            String owner = labels.path(ContainerLabels.OWNER).asString("");
            if (!labels.path(ContainerLabels.INSTALLATION).asString("").equals(installation)
                    || !owner.matches("\\d{1,18}")) {
                continue;
            }
            String subnet = firstSubnet(attachment.path("Network").path("IPAMOptions"))
                    .or(() -> firstSubnet(spec.path("IPAMOptions")))
                    .orElse("");
            String address = SwarmSpecs.elements(attachment.path("Addresses")).stream()
                    .map(found -> found.asString("").split("/", 2)[0])
                    .filter(found -> found.matches("\\d{1,3}(\\.\\d{1,3}){3}"))
                    .findFirst()
                    .orElse("");
            if (!subnet.isEmpty() && !address.isEmpty()) {
                return Optional.of(
                        new Target(Long.parseLong(owner), spec.path("Name").asString(""), subnet, address));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstSubnet(JsonNode ipam) {
        return SwarmSpecs.elements(ipam.path("Configs")).stream()
                .map(config -> config.path("Subnet").asString(""))
                .filter(subnet -> subnet.contains(".") && subnet.contains("/"))
                .findFirst();
    }

    /** A relay's address as the host reaches it: its node's address and the port published there. */
    record Published(String address, int port) {}

    /**
     * The relay of this user network, made when missing (or made again when the network's subnet is not the one it
     * was made for), once its task runs and its port is published.
     */
    Published ensure(Target target) {
        String name = name(target.network());
        Optional<JsonNode> existing = service(name);
        if (existing.isPresent() && !servesSubnet(existing.get(), target.subnet())) {
            // The user's network was made again on another subnet: this relay would refuse every task there.
            remove(existing.get());
            existing = Optional.empty();
        }
        String service = existing.map(found -> found.path("ID").asString("")).orElse("");
        if (service.isEmpty()) {
            service = create(name, target);
        }
        return awaitPublished(name, service);
    }

    private static boolean servesSubnet(JsonNode relay, String subnet) {
        return relay.path("Spec")
                .path("TaskTemplate")
                .path("ContainerSpec")
                .path("Env")
                .toString()
                .contains("\"CM_SUBNET=" + subnet + "\"");
    }

    /** Creates the relay service; a racing instance's relay of that name is ours. Answers its ID. */
    private String create(String name, Target target) {
        String relayNetwork = ensureNetwork();
        EngineApi.Answer answer =
                manager.call("POST", "/services/create", spec(name, target, relayNetwork), EngineApi.QUICK);
        if (nameTaken(answer)) {
            return service(name)
                    .map(found -> found.path("ID").asString(""))
                    .orElseThrow(
                            () -> new EngineRefusedException("the relay " + name + " vanished as it was made", null));
        }
        return ok(answer).json().path("ID").asString("");
    }

    Map<String, Object> spec(String name, Target target, String relayNetwork) {
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(LABEL, Long.toString(target.ownerId()));
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("Image", ImageReference.parse(settings.image()).canonical());
        container.put("User", "65534:65534");
        container.put(
                "Env",
                List.of("CM_SUBNET=" + target.subnet(), "CM_RELAY_PORT=" + PORT, "CM_RELAY_MAX=" + MAX_CONNECTIONS));
        container.put("Labels", labels);
        container.put("ReadOnly", true);
        container.put("CapabilityDrop", List.of("ALL"));
        // It joins two networks: it must never route between them (copying bytes is all it does).
        container.put("Sysctls", Map.of("net.ipv4.ip_forward", "0"));
        container.put("StopGracePeriod", Duration.ofSeconds(1).toNanos());
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("ContainerSpec", container);
        task.put("Resources", Map.of("Limits", Map.of("MemoryBytes", MEMORY, "Pids", MAX_CONNECTIONS + 16)));
        task.put("RestartPolicy", Map.of("Condition", "on-failure"));
        task.put("Networks", List.of(Map.of("Target", target.network()), Map.of("Target", relayNetwork)));
        task.put("LogDriver", Map.of("Name", "json-file", "Options", Map.of("max-size", "1m", "max-file", "1")));
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("Name", name);
        service.put("Labels", labels);
        service.put("TaskTemplate", task);
        service.put("Mode", Map.of("Replicated", Map.of("Replicas", 1)));
        // On its node's own address, on a port the node picks (no PublishedPort): relays of several users share nodes.
        service.put(
                "EndpointSpec",
                Map.of(
                        "Mode",
                        "dnsrr",
                        "Ports",
                        List.of(Map.of("Protocol", "tcp", "TargetPort", PORT, "PublishMode", "host"))));
        return service;
    }

    /**
     * Waits until the relay's task runs with its port published; a task that failed (its image missing on the nodes,
     * say) while none runs is the route's error at once.
     */
    private Published awaitPublished(String name, String service) {
        Instant until = Instant.now().plus(READY_WITHIN);
        while (true) {
            List<JsonNode> tasks = tasks(service);
            Optional<JsonNode> running = tasks.stream()
                    .filter(SwarmSpecs::isRunning)
                    .filter(task -> task.path("DesiredState").asString("").equals("running"))
                    .findFirst();
            if (running.isPresent()) {
                int port = publishedPort(running.get());
                String node = running.get().path("NodeID").asString("");
                if (port > 0 && !node.isEmpty()) {
                    return new Published(nodeAddress(node), port);
                }
            } else {
                Optional<String> failed = tasks.stream()
                        .filter(task -> TASK_FAILED.contains(SwarmSpecs.state(task)))
                        .map(task -> task.path("Status").path("Err").asString(""))
                        .filter(error -> !error.isEmpty())
                        .findFirst();
                if (failed.isPresent()) {
                    throw new EngineRefusedException(
                            "the relay " + name + " did not start (" + failed.get() + "); is its image "
                                    + settings.image() + " in the nodes' registry? (make relay-image)",
                            null);
                }
            }
            if (Instant.now().isAfter(until)) {
                throw new EngineUnavailableException(
                        new IOException("the relay " + name + " did not run within " + READY_WITHIN));
            }
            pause();
        }
    }

    private static int publishedPort(JsonNode task) {
        return SwarmSpecs.elements(task.path("Status").path("PortStatus").path("Ports")).stream()
                .filter(port -> port.path("TargetPort").asInt() == PORT)
                .mapToInt(port -> port.path("PublishedPort").asInt())
                .filter(port -> port > 0)
                .findFirst()
                .orElse(0);
    }

    /**
     * The address the node joined the swarm with ({@code Status.Addr}); a manager that reports 0.0.0.0 there (seen
     * on some engines) is taken at its {@code ManagerStatus.Addr}.
     */
    String nodeAddress(String nodeId) {
        NodeAddress known = nodeAddresses.get(nodeId);
        long now = System.nanoTime();
        if (known != null && now - known.askedAt() < NODE_ADDRESS_FOR.toNanos()) {
            return known.address();
        }
        JsonNode node = ok(manager.call("GET", "/nodes/" + nodeId, null, EngineApi.QUICK))
                .json();
        String address = addressOf(node);
        if (address.isEmpty()) {
            throw new EngineRefusedException("the swarm does not say the address of node " + nodeId, null);
        }
        nodeAddresses.put(nodeId, new NodeAddress(address, now));
        return address;
    }

    static String addressOf(JsonNode node) {
        String address = node.path("Status").path("Addr").asString("");
        if (address.isEmpty() || address.equals("0.0.0.0")) {
            String manager = node.path("ManagerStatus").path("Addr").asString("");
            int colon = manager.lastIndexOf(':');
            address = colon > 0 ? manager.substring(0, colon) : manager;
        }
        return address.equals("0.0.0.0") ? "" : address;
    }

    /**
     * Removes this owner's relays and waits until their tasks are gone (the swarm refuses to remove a network a task
     * is still on); answers how many.
     */
    int removeAll(long ownerId) {
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(LABEL, Long.toString(ownerId));
        String filters = EngineApi.filters(Map.of("label", EngineApi.labelFilter(labels)));
        List<JsonNode> relays =
                SwarmSpecs.elements(ok(manager.call("GET", "/services?filters=" + filters, null, EngineApi.QUICK))
                        .json());
        relays.forEach(this::remove);
        return relays.size();
    }

    private void remove(JsonNode relay) {
        String service = relay.path("ID").asString("");
        EngineApi.Answer answer = manager.call("DELETE", "/services/" + service, null, EngineApi.QUICK);
        if (answer.status() != 404) {
            ok(answer);
        }
        Instant until = Instant.now().plus(GONE_WITHIN);
        while (!tasks(service).isEmpty() && Instant.now().isBefore(until)) {
            pause();
        }
    }

    /** The relay overlay, made when missing on the first /24 of proxy.relay_network_range no network holds. */
    private String ensureNetwork() {
        String name = networkName();
        Optional<JsonNode> existing = network(name);
        if (existing.isPresent() && SwarmNetworks.allocated(existing.get())) {
            return name;
        }
        if (existing.isEmpty()) {
            Set<String> taken = subnets.get();
            String subnet = freeBlock(settings.networkRange(), taken)
                    .orElseThrow(() -> new EngineRefusedException(
                            "no free /24 left in proxy.relay_network_range (" + settings.networkRange()
                                    + ") for the swarm's relay network",
                            null));
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("Name", name);
            config.put("CheckDuplicate", true);
            config.put("Driver", "overlay");
            config.put("Labels", ourLabels);
            config.put("IPAM", Map.of("Driver", "default", "Config", List.of(Map.of("Subnet", subnet))));
            EngineApi.Answer created = manager.call("POST", "/networks/create", config, EngineApi.QUICK);
            // Made meanwhile by another instance: awaited as ours.
            if (created.status() >= 300 && !nameTaken(created)) {
                throw new EngineRefusedException(
                        "the swarm refused the relay network: " + EngineApi.message(created), null);
            }
        }
        Instant until = Instant.now().plus(SwarmNetworks.ALLOCATED_WITHIN);
        while (Instant.now().isBefore(until)) {
            Optional<JsonNode> found = network(name);
            if (found.isPresent() && SwarmNetworks.allocated(found.get())) {
                return name;
            }
            pause();
        }
        throw new EngineRefusedException("the swarm did not allocate the relay network " + name, null);
    }

    /** The first /24 of the range that overlaps none of the taken subnets. */
    static Optional<String> freeBlock(String range, Set<String> taken) {
        String[] parts = range.split("/", 2);
        String[] octets = parts[0].split("\\.");
        long first = 0;
        for (String octet : octets) {
            first = (first << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        long size = 1L << (32 - prefix);
        first &= ~(size - 1) & 0xffffffffL;
        for (long block = first; block < first + size; block += 256) {
            String candidate =
                    ((block >> 24) & 255) + "." + ((block >> 16) & 255) + "." + ((block >> 8) & 255) + ".0/24";
            if (taken.stream().noneMatch(subnet -> UserNetwork.overlap(subnet, candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> service(String name) {
        EngineApi.Answer answer = manager.call("GET", "/services/" + name, null, EngineApi.QUICK);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(ok(answer).json());
    }

    private Optional<JsonNode> network(String name) {
        EngineApi.Answer answer = manager.call("GET", "/networks/" + name, null, EngineApi.QUICK);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(ok(answer).json());
    }

    /**
     * The service's tasks; once the service is deleted (the filter by service answers 404 then), those the swarm
     * still has of it, from the whole list.
     */
    private List<JsonNode> tasks(String service) {
        String filters = EngineApi.filters(Map.of("service", List.of(service)));
        EngineApi.Answer answer = manager.call("GET", "/tasks?filters=" + filters, null, EngineApi.QUICK);
        if (answer.status() == 404) {
            return SwarmSpecs.elements(ok(manager.call("GET", "/tasks", null, EngineApi.QUICK))
                            .json())
                    .stream()
                    .filter(task -> task.path("ServiceID").asString("").equals(service))
                    .toList();
        }
        return SwarmSpecs.elements(ok(answer).json());
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException(new InterruptedIOException("interrupted"));
        }
    }

    /**
     * Whether the swarm refused a creation because the name is taken (a racing instance made it): 409, or the
     * manager's "name conflicts with an existing object" as a 500 (seen for a network on 20.10).
     */
    static boolean nameTaken(EngineApi.Answer answer) {
        return answer.status() == 409
                || (answer.status() >= 300
                        && EngineApi.message(answer).contains("name conflicts with an existing object"));
    }

    private static EngineApi.Answer ok(EngineApi.Answer answer) {
        if (answer.status() >= 300) {
            throw EngineApi.error(answer);
        }
        return answer;
    }
}
