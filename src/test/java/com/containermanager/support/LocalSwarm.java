package com.containermanager.support;

import com.containermanager.runtime.docker.EngineApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One real three-node Docker Swarm for the whole test JVM (scripts/swarm.sh, on a prefix of its own), up on first use
 * and down when the JVM ends: bringing one up per class would cost seconds each, and the swarm's tests share it as
 * they share the engine (each labels and removes what it made). As root. The run's id is written beside it
 * ({@code test-run}), so that the safety net after the tests (scripts/remove-test-containers.sh) takes down a swarm
 * whose JVM was killed.
 */
public final class LocalSwarm {

    private static final Path SWARMS = Path.of("target", "it-swarms");
    private static @Nullable LocalSwarm shared;

    private final String prefix;
    private final Path dir;
    private volatile Map<String, String> env;
    private volatile List<Node> nodes;

    /** One node: its swarm ID, its name (the host name it joined with), its number for stop-node and start-node. */
    public record Node(String id, String name, int index, String host, String address, EngineApi engine) {}

    private LocalSwarm(String prefix) {
        this.prefix = prefix;
        this.dir = Path.of("/run", prefix);
        try {
            // Named before it is brought up: make integration-test checks that nothing of it is left, also of a swarm
            // whose JVM was killed half-way up.
            Files.createDirectories(SWARMS);
            Files.writeString(SWARMS.resolve(prefix), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long started = System.nanoTime();
        run("up");
        System.out.printf("swarm %s up in %d ms%n", prefix, (System.nanoTime() - started) / 1_000_000);
        this.env = readEnv(dir.resolve("swarm.env"));
        this.nodes = nodesOf(env);
        try {
            Files.writeString(dir.resolve("test-run"), IntegrationTest.RUN_ID + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Node> nodesOf(Map<String, String> env) {
        List<Node> found = new ArrayList<>();
        for (int i = 1; i <= Integer.parseInt(env.get("SWARM_NODES")); i++) {
            String host = env.get("SWARM_NODE" + i + "_HOST");
            found.add(new Node(
                    env.get("SWARM_NODE" + i + "_ID"),
                    env.get("SWARM_NODE" + i + "_NAME"),
                    i,
                    host,
                    env.get("SWARM_NODE" + i + "_ADDR"),
                    EngineApi.of(host, false, Path.of(""))));
        }
        return List.copyOf(found);
    }

    /** The JVM's swarm, brought up on the first call. */
    public static synchronized LocalSwarm shared() {
        if (shared == null) {
            String prefix =
                    "cmit-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
            LocalSwarm swarm;
            try {
                swarm = new LocalSwarm(prefix);
            } catch (RuntimeException | AssertionError e) {
                // A half-made swarm (namespaces, engines) must not outlive a failed start.
                runScript(prefix, "down");
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(swarm::down, "local-swarm-down"));
            shared = swarm;
        }
        return shared;
    }

    public String prefix() {
        return prefix;
    }

    public Path dir() {
        return dir;
    }

    /** Every value of the swarm.env that scripts/swarm.sh up wrote. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** A value of the swarm.env that scripts/swarm.sh up wrote (SWARM_MANAGER_HOST, SWARM_REGISTRY_MIRROR, ...). */
    public String env(String key) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalArgumentException("swarm.env has no " + key);
        }
        return value;
    }

    public String managerHost() {
        return env("SWARM_MANAGER_HOST");
    }

    public EngineApi managerEngine() {
        return EngineApi.of(managerHost(), false, Path.of(""));
    }

    /** The names of the nodes whose own engine runs a task container of this port id (its label). */
    public List<String> nodesRunning(String containerId) {
        String filters = EngineApi.filters(
                Map.of("label", List.of(com.containermanager.runtime.ContainerLabels.ID + "=" + containerId)));
        return nodes().stream()
                .filter(node -> !node.engine()
                        .call("GET", "/containers/json?filters=" + filters, null, EngineApi.QUICK)
                        .json()
                        .isEmpty())
                .map(Node::name)
                .toList();
    }

    /**
     * A test context's service under runtime.kind swarm on this JVM's swarm: the manager's engine as docker.host,
     * each node's engine in runtime.swarm.nodes, and no containers.network, so that each user gets an overlay.
     */
    public static void registerRuntime(org.springframework.test.context.DynamicPropertyRegistry registry) {
        LocalSwarm swarm = shared();
        registry.add("cm.runtime.kind", () -> "swarm");
        registry.add(
                "cm.runtime.swarm-nodes",
                () -> swarm.nodeHosts().entrySet().stream()
                        .map(node -> node.getKey() + "=" + node.getValue())
                        .collect(java.util.stream.Collectors.joining(",")));
        registry.add("cm.docker.host", swarm::managerHost);
        registry.add("cm.docker.network", () -> "");
    }

    /**
     * What an API test left on the swarm, by a label of its run: services first, then the users' overlays they were
     * on (in use until the swarm has removed the services' tasks, a moment after the services).
     */
    public void removeLabelled(String key, String value) {
        EngineApi manager = managerEngine();
        String filters = EngineApi.filters(Map.of("label", List.of(key + "=" + value)));
        for (var service : manager.call("GET", "/services?filters=" + filters, null, EngineApi.QUICK)
                .json()) {
            manager.call("DELETE", "/services/" + service.path("ID").asString(), null, EngineApi.QUICK);
        }
        for (var network : manager.call("GET", "/networks?filters=" + filters, null, EngineApi.QUICK)
                .json()) {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> manager.call(
                                                    "DELETE",
                                                    "/networks/"
                                                            + network.path("Id").asString(),
                                                    null,
                                                    EngineApi.QUICK)
                                            .status()
                                    / 100
                            != 5);
        }
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Node {@code index} (1 is the manager). */
    public Node node(int index) {
        return nodes.get(index - 1);
    }

    public Node nodeById(String id) {
        return nodes.stream()
                .filter(node -> node.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }

    /** Each node's engine by its name, as runtime.swarm.nodes takes them. */
    public Map<String, String> nodeHosts() {
        Map<String, String> hosts = new LinkedHashMap<>();
        nodes.forEach(node -> hosts.put(node.name(), node.host()));
        return hosts;
    }

    /** Node {@code index}'s engine killed as in a crash (SIGKILL). */
    public void stopNode(int index) {
        run("stop-node", Integer.toString(index));
    }

    /** Node {@code index}'s engine started again; answers at once when it runs. */
    public void startNode(int index) {
        run("start-node", Integer.toString(index));
    }

    /** Worker {@code index} leaves the swarm for good and the manager forgets it; its engine goes on. */
    public void removeNode(int index) {
        run("remove-node", Integer.toString(index));
    }

    /**
     * Worker {@code index} joins again, as a new node (a new ID: {@link #nodes()} tells it from now on), so that the
     * swarm has its three nodes for the next test.
     */
    public synchronized void rejoinNode(int index) {
        run("rejoin-node", Integer.toString(index));
        env = readEnv(dir.resolve("swarm.env"));
        nodes = nodesOf(env);
    }

    private void down() {
        long started = System.nanoTime();
        runScript(prefix, "down");
        System.out.printf("swarm %s down in %d ms%n", prefix, (System.nanoTime() - started) / 1_000_000);
    }

    private void run(String... action) {
        int status = runScript(prefix, action);
        if (status != 0) {
            throw new AssertionError("scripts/swarm.sh " + String.join(" ", action) + " exited " + status);
        }
    }

    private static int runScript(String prefix, String... action) {
        List<String> command = new ArrayList<>(List.of("scripts/swarm.sh"));
        command.addAll(List.of(action));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("SWARM_PREFIX", prefix);
        builder.environment().put("SWARM_IMAGES", IntegrationTest.TEST_IMAGE);
        builder.environment().put("SWARM_SUBNET", subnet());
        try {
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("scripts/swarm.sh " + String.join(" ", action) + " took over 120 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The nodes' /24: one per Failsafe fork (cm.test-fork is fork1, fork2, ...), since two forks' swarms may be up at
     * once and the host may hold an address on each; none is make swarm's (192.168.213).
     */
    private static String subnet() {
        String fork = System.getProperty("cm.test-fork", "").replaceAll("[^0-9]", "");
        return "192.168." + (220 + (fork.isEmpty() ? 0 : Integer.parseInt(fork) % 16));
    }

    private static Map<String, String> readEnv(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
