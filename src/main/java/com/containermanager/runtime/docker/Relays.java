package com.containermanager.runtime.docker;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.EngineNameConflictException;
import com.containermanager.runtime.EngineNoSuchImageException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.RelaySettings;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The app proxy's way into users' networks without egress, where the host has no address (decision 0002, "Reaching
 * containers without egress"): one relay container per such network (relay/cm-relay.c), attached to it and to this
 * installation's relay network, a bridge where the host has an address and no user container ever is. Made, attached
 * and started when the proxy needs it, by any instance (a name taken by a racing instance is that instance's relay:
 * used as it is), and removed with the user's networks. It carries the installation's labels, so that the test runs'
 * clean-up finds it, but no owner label: no listing of a user's containers, and no sweeper, sees it.
 */
final class Relays {

    /** The owner whose network a relay serves (in place of the owner label, which would make it the user's). */
    static final String LABEL = "container-manager.relay";

    static final int PORT = 7070;
    /** Connections one relay serves at once (one thread each); more are closed at once. */
    static final int MAX_CONNECTIONS = 256;

    static final long MEMORY = 32L * 1024 * 1024;

    /** How long a caller waits for a relay a racing caller is making: 40 x 50 ms. */
    private static final int MADE_ATTEMPTS = 40;

    private static final java.time.Duration MADE_PAUSE = java.time.Duration.ofMillis(50);

    private final EngineCalls calls;
    private final Map<String, String> ourLabels;
    private final String installation;
    private final RelaySettings settings;
    /** The relay image's id as this instance found it first (a new build is taken up on the next start). */
    private volatile @Nullable String imageId;

    Relays(EngineCalls calls, Map<String, String> ourLabels, RelaySettings settings) {
        this.calls = calls;
        this.ourLabels = ourLabels;
        this.installation = ourLabels.get(ContainerLabels.INSTALLATION);
        this.settings = settings;
    }

    String networkName() {
        return "cm-" + installation + "-relays";
    }

    String name(long ownerId) {
        return "cm-" + installation + "-relay-u" + ownerId;
    }

    /**
     * The address on the relay network of the relay of this user's network (subnet: the user network's), made,
     * attached and started when it is not so.
     */
    String ensure(long ownerId, String userNetwork, String subnet) {
        String name = name(ownerId);
        JsonNode relay = calls.inspect(name).orElse(null);
        if (relay != null
                && (!relay.path("Config").path("Env").toString().contains("\"CM_SUBNET=" + subnet + "\"")
                        || isOutdated(relay.path("Image").asString("")))) {
            // The user's network was made again on another subnet (this relay would refuse every container), or
            // the relay image was built anew since (make relay-image): a relay as this instance makes them.
            calls.remove(name);
            relay = null;
        }
        if (relay == null) {
            create(ownerId, name, subnet);
            relay = made(name);
        }
        JsonNode networks = relay.path("NetworkSettings").path("Networks");
        String ready = networks.path(networkName()).path("IPAddress").asString("");
        if (networks.has(userNetwork)
                && !ready.isEmpty()
                && relay.path("State").path("Running").asBoolean(false)) {
            // As it should be: one engine call (the proxy asks again at most every few seconds per container).
            return ready;
        }
        if (!networks.has(userNetwork)) {
            calls.connectNetwork(userNetwork, name);
        }
        if (!networks.has(networkName())) {
            calls.connectNetwork(ensureNetwork(), name);
        }
        if (!relay.path("State").path("Running").asBoolean(false)) {
            calls.start(name);
        }
        String address = calls.inspect(name)
                .map(found -> found.path("NetworkSettings")
                        .path("Networks")
                        .path(networkName())
                        .path("IPAddress")
                        .asString(""))
                .orElse("");
        if (address.isEmpty()) {
            throw new EngineRefusedException("the relay " + name + " has no address on " + networkName(), null);
        }
        return address;
    }

    /**
     * The relay just made, by this caller or a racing one: the engine reserves the name (another creation of it is
     * 409) a moment before the container can be inspected, so a racing caller waits for it a little.
     */
    private JsonNode made(String name) {
        for (int attempt = 0; attempt < MADE_ATTEMPTS; attempt++) {
            Optional<JsonNode> relay = calls.inspect(name);
            if (relay.isPresent()) {
                return relay.get();
            }
            try {
                Thread.sleep(MADE_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new EngineRefusedException("the relay " + name + " was not there after its creation", null);
    }

    /** Made from another build of the relay image than the one the engine has now (none: not outdated). */
    private boolean isOutdated(String relayImage) {
        String current = imageId();
        return !current.isEmpty() && !current.equals(relayImage);
    }

    /** The relay image's id; empty when the engine does not have it (creating the relay then says so). */
    private String imageId() {
        String known = imageId;
        if (known == null) {
            known = calls.imageId(settings.image()).orElse("");
            if (!known.isEmpty()) {
                imageId = known;
            }
        }
        return known;
    }

    /** Removes this owner's relays (before their networks, which the engine keeps while a container is on them). */
    int removeAll(long ownerId) {
        List<JsonNode> relays = calls.list(Map.of(
                ContainerLabels.MANAGED,
                "true",
                ContainerLabels.INSTALLATION,
                installation,
                LABEL,
                Long.toString(ownerId)));
        relays.forEach(relay -> calls.remove(relay.path("Id").asString()));
        return relays.size();
    }

    private void create(long ownerId, String name, String subnet) {
        String network = ensureNetwork();
        Map<String, String> labels = new HashMap<>(ourLabels);
        labels.put(LABEL, Long.toString(ownerId));
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Memory", MEMORY);
        host.put("MemorySwap", MEMORY);
        host.put("PidsLimit", MAX_CONNECTIONS + 16);
        host.put("CapDrop", List.of("ALL"));
        host.put("SecurityOpt", List.of("no-new-privileges"));
        host.put("ReadonlyRootfs", true);
        host.put("RestartPolicy", Map.of("Name", "unless-stopped"));
        // It joins two networks: it must never route between them (copying bytes is all it does).
        host.put("Sysctls", Map.of("net.ipv4.ip_forward", "0"));
        host.put("LogConfig", Map.of("Type", "json-file", "Config", Map.of("max-size", "1m", "max-file", "1")));
        host.put("NetworkMode", network);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", settings.image());
        config.put("User", "65534:65534");
        config.put("Env", List.of("CM_SUBNET=" + subnet, "CM_RELAY_PORT=" + PORT, "CM_RELAY_MAX=" + MAX_CONNECTIONS));
        config.put("Labels", labels);
        config.put("HostConfig", host);
        config.put("NetworkingConfig", Map.of("EndpointsConfig", Map.of(network, Map.of())));
        try {
            calls.create(name, config);
        } catch (EngineNameConflictException e) {
            // Another instance made it just now: it is the same relay.
        } catch (EngineNoSuchImageException e) {
            throw new EngineRefusedException(
                    "the relay image " + settings.image() + " is missing: build it with make relay-image", e);
        }
    }

    /** This installation's relay network, made when missing on the first /24 of the range that no network holds. */
    private String ensureNetwork() {
        String name = networkName();
        if (calls.networkExists(name)) {
            return name;
        }
        Set<String> taken = calls.networkSubnets();
        Ipv4Block range = Ipv4Block.parse(settings.networkRange());
        for (long block = range.first(); block <= range.last(); block += 256) {
            Ipv4Block candidate = new Ipv4Block(block, 24);
            if (taken.stream().map(Ipv4Block::parse).anyMatch(candidate::overlaps)) {
                continue;
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("Name", name);
            config.put("CheckDuplicate", true);
            config.put("Driver", "bridge");
            // Internal: no route out; with an address of the host (no inhibit_ipv4), which only relays join.
            config.put("Internal", true);
            config.put("Labels", ourLabels);
            config.put("IPAM", Map.of("Driver", "default", "Config", List.of(Map.of("Subnet", candidate.toString()))));
            if (calls.createNetwork(name, config)) {
                return name;
            }
        }
        throw new EngineRefusedException(
                "no free /24 left in proxy.relay_network_range (" + settings.networkRange() + ") for the relay network",
                null);
    }

    /** The user network's subnet from a container's address and prefix length there. */
    static String subnetOf(String address, int prefix) {
        Ipv4Block block = new Ipv4Block(Ipv4Block.parse(address + "/32").first(), prefix);
        return block.toString();
    }

    /** An IPv4 block: its first address (as an unsigned number) and prefix length. */
    record Ipv4Block(long first, int prefix) {
        Ipv4Block {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            first = first & mask;
        }

        static Ipv4Block parse(String cidr) {
            String[] parts = cidr.split("/", 2);
            String[] octets = parts[0].split("\\.");
            long address = 0;
            for (String octet : octets) {
                address = (address << 8) | Integer.parseInt(octet);
            }
            return new Ipv4Block(address, Integer.parseInt(parts[1]));
        }

        long last() {
            return first + (1L << (32 - prefix)) - 1;
        }

        boolean overlaps(Ipv4Block other) {
            return first <= other.last() && other.first() <= last();
        }

        @Override
        public String toString() {
            return ((first >> 24) & 255) + "." + ((first >> 16) & 255) + "." + ((first >> 8) & 255) + "."
                    + (first & 255) + "/" + prefix;
        }
    }

    static Optional<Long> ownerOf(JsonNode inspected) {
        String owner = inspected
                .path("Config")
                .path("Labels")
                .path(ContainerLabels.OWNER)
                .asString("");
        return owner.matches("\\d{1,18}") ? Optional.of(Long.parseLong(owner)) : Optional.empty();
    }
}
