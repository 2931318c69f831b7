package com.containermanager.runtime;

import com.containermanager.platform.StartupRefusal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which adapter runs users' containers: {@code docker} (the one engine docker.host names, the default) or
 * {@code swarm} (experimental, lifecycle, logs, networks, exec, stats and copy-in: docker.host is then a swarm manager's engine, and swarmNodes the
 * node engines, {@code name=address} pairs separated by commas, for the calls a node's own engine makes; see
 * docs/several-hosts.md).
 */
@org.springframework.boot.context.properties.ConfigurationProperties("cm.runtime")
public record RuntimeSettings(String kind, String swarmNodes) {

    public static final String DOCKER = "docker";
    public static final String SWARM = "swarm";

    public RuntimeSettings {
        kind = kind == null || kind.isBlank() ? DOCKER : kind.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals(DOCKER) && !kind.equals(SWARM)) {
            throw new StartupRefusal("runtime.kind (RUNTIME_KIND) must be docker or swarm, not \"" + kind + "\"");
        }
        swarmNodes = swarmNodes == null ? "" : swarmNodes.strip();
        nodes(swarmNodes); // refused at start-up when malformed
    }

    /** runtime.swarm.nodes as node name (or ID) -> engine address. */
    public Map<String, String> nodes() {
        return nodes(swarmNodes);
    }

    private static Map<String, String> nodes(String value) {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? "" : pair.substring(0, equals).strip();
            String address = equals < 0 ? "" : pair.substring(equals + 1).strip();
            if (name.isEmpty() || !(address.startsWith("unix://") || address.startsWith("tcp://"))) {
                throw new StartupRefusal("runtime.swarm.nodes (RUNTIME_SWARM_NODES) must be node=unix://... or"
                        + " node=tcp://host:port pairs separated by commas, not \"" + pair.strip() + "\"");
            }
            nodes.put(name, address);
        }
        return Map.copyOf(nodes);
    }
}
