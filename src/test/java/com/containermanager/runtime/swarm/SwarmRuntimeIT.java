package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerAddresses;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineEvent;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.LogRequest;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.NetworkAttachment;
import com.containermanager.runtime.OutputKind;
import com.containermanager.runtime.StatsStream;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import com.containermanager.runtime.docker.EngineApi;
import com.containermanager.support.ExecProbes;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.LocalSwarm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Swarm adapter against a real three-node swarm (the test JVM's, {@link LocalSwarm}): the lifecycle, the stable
 * id, the pin to the node of the first start, addresses, logs, exec, stats and copy-in through the node engines, a
 * node engine's crash, the users' overlays, events (and after a crash). As root; in make test, and make swarm-it runs
 * the swarm's classes alone (docs/testing.md).
 */
class SwarmRuntimeIT {

    private static LocalSwarm swarm;
    private static String PREFIX;
    private static Path DIR;
    private static final ExecSpec SHELL = new ExecSpec(List.of("sh"), List.of(), null, false);
    private static Map<String, String> env = Map.of();
    private static SwarmContainerRuntime runtime;
    private static DockerSettings settings;
    private static DockerContainerRuntime manager;
    /** Node ID -> its name (the host name it joined with). */
    private static final Map<String, String> NAMES = new HashMap<>();
    /** Node ID -> its number for scripts/swarm.sh stop-node and start-node (1 is the manager). */
    private static final Map<String, String> INDEXES = new HashMap<>();
    /** Node ID -> that node's own engine. */
    private static final Map<String, EngineApi> NODES = new HashMap<>();

    @BeforeAll
    static void upSwarm() {
        swarm = LocalSwarm.shared();
        PREFIX = swarm.prefix();
        DIR = swarm.dir();
        env = swarm.env();
        Map<String, String> nodeHosts = swarm.nodeHosts();
        for (LocalSwarm.Node node : swarm.nodes()) {
            NODES.put(node.id(), node.engine());
            NAMES.put(node.id(), node.name());
            INDEXES.put(node.id(), Integer.toString(node.index()));
        }
        settings = SwarmTestRuntime.settings(swarm);
        manager = SwarmTestRuntime.manager(settings);
        runtime = new SwarmContainerRuntime(settings, "swarm-it", manager, nodeHosts);
    }

    private static void swarm(String action, String index) {
        switch (action) {
            case "stop-node" -> swarm.stopNode(Integer.parseInt(index));
            case "start-node" -> swarm.startNode(Integer.parseInt(index));
            default -> throw new IllegalArgumentException(action);
        }
    }

    /** Which nodes run a container of this service's task now, asked of each node's own engine. */
    private static List<String> nodesRunning(String id) {
        String filters = EngineApi.filters(Map.of("label", List.of(SwarmContainerRuntime.ID + "=" + id)));
        return NODES.entrySet().stream()
                .filter(node -> {
                    JsonNode list = node.getValue()
                            .call("GET", "/containers/json?filters=" + filters, null, EngineApi.QUICK)
                            .json();
                    return list.isArray() && !list.isEmpty();
                })
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String taskContainer(String id, String node) {
        String filters = EngineApi.filters(Map.of("label", List.of(SwarmContainerRuntime.ID + "=" + id)));
        return NODES.get(node)
                .call("GET", "/containers/json?filters=" + filters, null, EngineApi.QUICK)
                .json()
                .get(0)
                .path("Id")
                .asString();
    }

    private static long timed(Runnable call, String what) {
        long started = System.nanoTime();
        call.run();
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("swarm %s: %d ms%n", what, ms);
        return ms;
    }

    @Test
    void shouldRunTheLifecycleOnTheSwarmWithAStableIdPinnedToItsFirstNode() {
        long owner = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        UUID job = UUID.randomUUID();
        assertThat(runtime.engineId()).isEqualTo(runtime.engineId()).isNotBlank();
        assertThat(runtime.version()).isNotBlank();

        String[] created = new String[1];
        timed(
                () -> created[0] = runtime.create(new ContainerSpec(
                        owner, job, IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of("A=1"))),
                "create");
        String id = created[0];
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(runtime.findByJob(job)).contains(id);
        assertThat(runtime.managedContainerIds()).contains(id);
        assertThat(runtime.listByOwner(owner)).containsExactly(new ContainerSummary(id, "cm-" + job, "created"));
        assertThat(runtime.inspect(id))
                .hasValueSatisfying(
                        details -> assertThat(details.state().running()).isFalse());
        assertThat(nodesRunning(id)).isEmpty();

        timed(() -> runtime.start(id), "start");
        List<String> first = nodesRunning(id);
        assertThat(first).as("one task, on one node").hasSize(1);
        String node = first.getFirst();
        String firstContainer = taskContainer(id, node);
        assertThat(runtime.inspect(id)).hasValueSatisfying(details -> {
            assertThat(details.state().running()).isTrue();
            assertThat(details.status()).isEqualTo("running");
            assertThat(details.name()).isEqualTo("cm-" + job);
        });
        assertThat(runtime.listManaged())
                .filteredOn(c -> c.id().equals(id))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.ownerId()).isEqualTo(owner);
                    assertThat(c.jobId()).isEqualTo(job);
                    assertThat(c.state()).isEqualTo("running");
                });

        assertThat(runtime.addresses(id))
                .as("running, but on no network this host reaches; the test image exposes nothing")
                .contains(new ContainerAddresses(true, List.of(), Set.of()));

        timed(() -> runtime.stop(id, null), "stop");
        assertThat(nodesRunning(id)).isEmpty();
        assertThat(runtime.addresses(id))
                .hasValueSatisfying(a -> assertThat(a.running()).isFalse());
        assertThat(runtime.listByOwner(owner)).containsExactly(new ContainerSummary(id, "cm-" + job, "exited"));

        timed(() -> runtime.start(id), "start again");
        assertThat(runtime.findByJob(job)).as("the same id across a stop").contains(id);
        assertThat(nodesRunning(id)).as("pinned to the node of its first start").containsExactly(node);

        String beforeRestart = taskContainer(id, node);
        assertThat(beforeRestart).isNotEqualTo(firstContainer);
        timed(() -> runtime.restart(id, null), "restart");
        assertThat(nodesRunning(id)).containsExactly(node);
        assertThat(taskContainer(id, node)).as("a new task's container").isNotEqualTo(beforeRestart);
        assertThat(runtime.inspect(id))
                .hasValueSatisfying(d -> assertThat(d.state().running()).isTrue());

        timed(() -> runtime.remove(id), "remove");
        assertThat(runtime.inspect(id)).isEmpty();
        assertThat(runtime.addresses(id)).isEmpty();
        assertThat(runtime.findByJob(job)).isEmpty();
        assertThat(runtime.listManaged()).extracting(ManagedContainer::id).doesNotContain(id);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(nodesRunning(id)).isEmpty());
        runtime.remove(id); // gone: no error
    }

    @Test
    void shouldTellThePortsItsImageExposesOnTheManagersEngine() {
        runtime.pull(IntegrationTest.TEST_IMAGE, (current, total) -> {});
        EngineApi manager = EngineApi.of(env.get("SWARM_MANAGER_HOST"), false, Path.of(""));
        String scratch = manager.call(
                        "POST",
                        "/containers/create",
                        Map.of("Image", IntegrationTest.TEST_IMAGE, "Cmd", List.of("true")),
                        EngineApi.QUICK)
                .json()
                .path("Id")
                .asString("");
        assertThat(scratch)
                .as("a container of the test image on the manager's engine")
                .isNotEmpty();
        String image = "swarm-it-app:" + PREFIX;
        EngineApi.Answer committed = manager.call(
                "POST",
                "/commit?container=" + scratch + "&repo=swarm-it-app&tag=" + PREFIX + "&changes="
                        + URLEncoder.encode("EXPOSE 8000", StandardCharsets.UTF_8),
                Map.of(),
                EngineApi.QUICK);
        assertThat(committed.status()).as(committed.text()).isEqualTo(201);
        manager.call("DELETE", "/containers/" + scratch + "?force=true", null, EngineApi.QUICK);

        String id = runtime.create(new ContainerSpec(8, UUID.randomUUID(), image, List.of("sleep", "600"), List.of()));
        try {
            assertThat(runtime.addresses(id)).contains(new ContainerAddresses(false, List.of(), Set.of(8000)));
        } finally {
            runtime.remove(id);
        }
        assertThat(runtime.addresses(id)).isEmpty();
    }

    private static List<LogLine> lines(String id, LogRequest request) {
        List<LogLine> lines = new ArrayList<>();
        try (LineStream stream = runtime.logs(id, request)) {
            for (LogLine line = stream.next(); line != null; line = stream.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static LogRequest request(int tail, boolean timestamps, boolean stdout, boolean stderr, boolean follow) {
        return new LogRequest(tail, null, null, timestamps, stdout, stderr, follow);
    }

    @Test
    void shouldReadAServicesLogThroughTheManagerAndFollowItUntilTheServiceStops() throws Exception {
        String id = runtime.create(new ContainerSpec(
                9,
                UUID.randomUUID(),
                IntegrationTest.TEST_IMAGE,
                List.of("sh", "-c", "echo one; sleep 1; echo two >&2; sleep 1; echo three; sleep 600"),
                List.of()));
        try {
            runtime.start(id);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(lines(id, request(100, false, true, true, false)))
                            .extracting(LogLine::stream, LogLine::text)
                            .containsExactlyInAnyOrder(
                                    tuple(OutputKind.STDOUT, "one"),
                                    tuple(OutputKind.STDERR, "two"),
                                    tuple(OutputKind.STDOUT, "three")));
            assertThat(lines(id, request(100, false, true, false, false)))
                    .extracting(LogLine::text)
                    .containsExactly("one", "three");
            assertThat(lines(id, request(1, false, true, true, false)))
                    .extracting(LogLine::text)
                    .containsExactly("three");
            assertThat(lines(id, request(2, false, true, false, false)))
                    .as("the tail counted over both streams, as for a container")
                    .extracting(LogLine::text)
                    .containsExactly("three");
            assertThat(lines(id, request(100, true, false, true, false)))
                    .singleElement()
                    .satisfies(line -> {
                        assertThat(line.text()).isEqualTo("two");
                        assertThat(line.time()).isNotBlank();
                    });
            assertThatThrownBy(() -> runtime.logs(id, new LogRequest(100, null, "1", false, true, true, false)))
                    .isInstanceOf(EngineRefusedException.class)
                    .hasMessage("not supported by the swarm runtime yet: logs up to a time (until)");

            List<String> followed = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
                try (LineStream stream = runtime.logs(id, request(100, false, true, true, true))) {
                    for (LogLine line = stream.next(); line != null; line = stream.next()) {
                        followed.add(line.text());
                    }
                }
            });
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(followed).containsExactlyInAnyOrder("one", "two", "three"));
            assertThat(following).isNotDone();
            long stopped = System.nanoTime();
            runtime.stop(id, null);
            following.get(15, TimeUnit.SECONDS); // Swarm's own stream stays open: the adapter ends it
            System.out.printf(
                    "swarm follow ended %d ms after the stop began%n", (System.nanoTime() - stopped) / 1_000_000);
            assertThat(lines(id, request(100, false, true, true, false)))
                    .as("no log once the task ended (unlike a stopped container's)")
                    .isEmpty();
            runtime.start(id);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(lines(id, request(100, false, true, false, false)))
                            .as("the new run's log")
                            .extracting(LogLine::text)
                            .containsExactly("one", "three"));
        } finally {
            runtime.remove(id);
        }
        assertThatThrownBy(() -> runtime.logs(id, request(100, false, true, true, false)))
                .isInstanceOf(com.containermanager.runtime.EngineNoSuchContainerException.class);
    }

    @Test
    void shouldAnswerAClearRefusalForWhatItDoesNotDoYetAndTellANameConflict() {
        long owner = 7;
        UUID job = UUID.randomUUID();
        String id = runtime.create(
                new ContainerSpec(owner, job, IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
        try {
            assertThatThrownBy(() -> runtime.create(
                            new ContainerSpec(owner, job, IntegrationTest.TEST_IMAGE, List.of("true"), List.of())))
                    .isInstanceOf(com.containermanager.runtime.EngineNameConflictException.class);
            assertThatThrownBy(() -> runtime.execCreate(id, SHELL))
                    .as("no task runs before the first start")
                    .isInstanceOf(EngineContainerNotRunningException.class);
            assertThatThrownBy(() -> runtime.create(new ContainerSpec(
                            owner,
                            UUID.randomUUID(),
                            IntegrationTest.TEST_IMAGE,
                            List.of("true"),
                            List.of(),
                            null,
                            new NetworkAttachment("cm-swarm-it-no-such-network", "x"))))
                    .isInstanceOf(EngineRefusedException.class)
                    .hasMessageContaining("network cm-swarm-it-no-such-network not found");
            assertThat(runtime.stats(id).sampled()).isFalse();
            try (StatsStream stream = runtime.statsStream(id)) {
                assertThat(stream.next())
                        .satisfies(sample -> assertThat(sample.sampled()).isFalse());
                assertThat(stream.next()).as("the end, until a task runs").isNull();
            }
        } finally {
            runtime.remove(id);
        }
        assertThat(runtime.inspect(id)).isEmpty();
        assertThat(ContainerLabels.nameFor(job)).startsWith("cm-");
    }

    @Test
    void shouldCopyACreationsFilesIntoItsFirstTaskAndRefuseACopyAfterAStop() throws Exception {
        String id = runtime.create(new ContainerSpec(
                11, UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
        try {
            // Before the first start, as a creation with files copies them: kept for the first task.
            runtime.copyIn(id, "/tmp", ExecProbes.tar("first.txt", "one"));
            runtime.copyIn(id, "/tmp", ExecProbes.tar("second.txt", "two"));
            assertThat(nodesRunning(id)).as("a copy-in starts nothing").isEmpty();

            timed(() -> runtime.start(id), "start with two files to copy");
            assertThat(ExecProbes.exec(runtime, id, List.of("cat", "/tmp/first.txt", "/tmp/second.txt")))
                    .as("in the first task's container when the start returns")
                    .isEqualTo(new ExecProbes.Output("onetwo", "", 0L));

            runtime.stop(id, 0);
            assertThatThrownBy(() -> runtime.copyIn(id, "/tmp", ExecProbes.tar("late.txt", "late")))
                    .isInstanceOf(EngineRefusedException.class)
                    .hasMessage("not supported by the swarm runtime yet: copying files into a container that is not"
                            + " running, after its first start");
            runtime.start(id);
            assertThat(ExecProbes.exec(runtime, id, List.of("ls", "/tmp")).stdout())
                    .as("a later task is a new container: the files were its first task's")
                    .doesNotContain("first.txt");
        } finally {
            runtime.remove(id);
        }
    }

    @Test
    void shouldExecSampleAndCopyInThroughTheEngineOfTheTasksNode() throws Exception {
        String id = runtime.create(new ContainerSpec(
                10, UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of("GREETING=hello")));
        try {
            runtime.start(id);
            List<String> running = nodesRunning(id);
            assertThat(running).hasSize(1);
            String node = running.getFirst();
            String container = taskContainer(id, node);

            String[] created = new String[1];
            timed(
                    () -> created[0] = runtime.execCreate(
                            id,
                            new ExecSpec(
                                    List.of("sh", "-c", "echo out; echo \"$GREETING\" >&2; exit 3"),
                                    List.of(),
                                    null,
                                    false)),
                    "exec create");
            String execId = created[0];
            assertThat(execId).as("the exec id carries the node").startsWith(node + "/");
            String onEngine = execId.substring(node.length() + 1);
            assertThat(NODES.get(node)
                            .call("GET", "/exec/" + onEngine + "/json", null, EngineApi.QUICK)
                            .json()
                            .path("ContainerID")
                            .asString(""))
                    .as("an exec of the node's own engine, in the task's container")
                    .isEqualTo(container);
            NODES.forEach((other, engine) -> {
                if (!other.equals(node)) {
                    assertThat(engine.call("GET", "/exec/" + onEngine + "/json", null, EngineApi.QUICK)
                                    .status())
                            .as("no such exec on node %s", NAMES.get(other))
                            .isEqualTo(404);
                }
            });
            long started = System.nanoTime();
            assertThat(ExecProbes.run(runtime, execId)).isEqualTo(new ExecProbes.Output("out\n", "hello\n", 3L));
            System.out.printf("swarm exec run to its exit code: %d ms%n", (System.nanoTime() - started) / 1_000_000);

            assertThat(ExecProbes.typed(runtime, id, "stty size; echo typed-$((6*7))\n", "typed-42\r\n"))
                    .as("a console: a TTY, resized, typed into")
                    .contains("30 100")
                    .contains("typed-42");

            runtime.copyIn(id, "/tmp", ExecProbes.tar("note.txt", "copied to " + NAMES.get(node)));
            assertThat(ExecProbes.exec(runtime, id, List.of("cat", "/tmp/note.txt")))
                    .isEqualTo(new ExecProbes.Output("copied to " + NAMES.get(node), "", 0L));

            ContainerStats[] sampled = new ContainerStats[1];
            timed(() -> sampled[0] = runtime.stats(id), "stats");
            assertThat(sampled[0].sampled()).isTrue();
            assertThat(sampled[0].memoryBytes()).isPositive();
            assertThat(sampled[0].pids()).isPositive();

            StatsStream stream = runtime.statsStream(id);
            ContainerStats first = stream.next();
            assertThat(first).isNotNull();
            assertThat(first.sampled()).isTrue();
            assertThat(first.memoryBytes()).isPositive();
            CompletableFuture<Integer> streamed = CompletableFuture.supplyAsync(() -> {
                try (stream) {
                    int count = 0;
                    for (ContainerStats sample = stream.next();
                            sample != null && sample.sampled();
                            sample = stream.next()) {
                        count++;
                    }
                    return count;
                }
            });
            long stopped = System.nanoTime();
            runtime.stop(id, null);
            // the task's container stops (and goes): its node's stream ends, or says it is no longer sampled
            streamed.get(30, TimeUnit.SECONDS);
            System.out.printf(
                    "swarm stats stream ended %d ms after the stop began%n", (System.nanoTime() - stopped) / 1_000_000);

            assertThat(runtime.stats(id).sampled()).isFalse();
            assertThatThrownBy(() -> runtime.execCreate(id, SHELL))
                    .isInstanceOf(EngineContainerNotRunningException.class);
        } finally {
            runtime.remove(id);
        }
    }

    @Test
    void shouldAnswerUnavailableNamingTheNodeWhoseEngineDoesNotAnswer() {
        String id = runtime.create(new ContainerSpec(
                11, UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
        try {
            runtime.start(id);
            String name = NAMES.get(nodesRunning(id).getFirst());
            Map<String, String> nowhere = new HashMap<>();
            NAMES.values().forEach(node -> nowhere.put(node, "unix://" + DIR.resolve("nowhere.sock")));
            SwarmContainerRuntime dead = new SwarmContainerRuntime(settings, "swarm-it", manager, nowhere);
            long started = System.nanoTime();
            assertThatThrownBy(() -> dead.execCreate(id, SHELL))
                    .isInstanceOf(EngineUnavailableException.class)
                    .cause()
                    .hasMessageContaining("the engine of swarm node " + name)
                    .hasMessageContaining("nowhere.sock");
            assertThatThrownBy(() -> dead.stats(id))
                    .isInstanceOf(EngineUnavailableException.class)
                    .cause()
                    .hasMessageContaining("swarm node " + name);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("at once, not after a deadline")
                    .isLessThan(Duration.ofSeconds(5));

            SwarmContainerRuntime unnamed = new SwarmContainerRuntime(settings, "swarm-it", manager, Map.of());
            assertThatThrownBy(() -> unnamed.execCreate(id, SHELL))
                    .isInstanceOf(EngineUnavailableException.class)
                    .cause()
                    .hasMessageStartingWith("runtime.swarm.nodes names no engine for swarm node " + name);
            assertThat(runtime.stats(id).sampled())
                    .as("the runtime with the nodes' engines still serves")
                    .isTrue();
        } finally {
            runtime.remove(id);
        }
    }

    /** The manager's word on the node: ready, down, ... */
    private static String nodeState(String nodeId) {
        return EngineApi.of(env.get("SWARM_MANAGER_HOST"), false, Path.of(""))
                .call("GET", "/nodes/" + nodeId, null, EngineApi.QUICK)
                .json()
                .path("Status")
                .path("State")
                .asString("");
    }

    @Test
    void shouldAnswerUnavailableForACrashedNodesContainersOnlyAndServeThemAgainWhenItIsBack() throws Exception {
        String managerNode = env.get("SWARM_NODE1_ID");
        long owner = newOwner();
        Map<String, String> placed = new HashMap<>(); // container -> node
        String worker = null;
        try {
            // Spread placement: within a few starts, one container on a worker and one elsewhere.
            while (placed.size() < 6
                    && (worker == null || placed.values().stream().allMatch(worker::equals))) {
                String id = runtime.create(new ContainerSpec(
                        owner, UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
                runtime.start(id);
                String node = nodesRunning(id).getFirst();
                placed.put(id, node);
                if (worker == null && !node.equals(managerNode)) {
                    worker = node;
                }
            }
            String crashed = worker;
            assertThat(crashed).as("a container on a worker").isNotNull();
            String onWorker = placed.entrySet().stream()
                    .filter(e -> e.getValue().equals(crashed))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            String elsewhere = placed.entrySet().stream()
                    .filter(e -> !e.getValue().equals(crashed))
                    .findFirst()
                    .orElseThrow()
                    .getKey();

            swarm("stop-node", INDEXES.get(crashed));
            long started = System.nanoTime();
            assertThatThrownBy(() -> runtime.execCreate(onWorker, SHELL))
                    .isInstanceOf(EngineUnavailableException.class)
                    .cause()
                    .hasMessageContaining("swarm node " + NAMES.get(crashed));
            assertThatThrownBy(() -> runtime.stats(onWorker))
                    .isInstanceOf(EngineUnavailableException.class)
                    .cause()
                    .hasMessageContaining("swarm node " + NAMES.get(crashed));
            System.out.printf(
                    "swarm calls to a crashed node's container failed within %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("at once, not after a deadline")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(ExecProbes.exec(runtime, elsewhere, List.of("echo", "still")))
                    .as("a container on another node is served")
                    .isEqualTo(new ExecProbes.Output("still\n", "", 0L));
            await().atMost(Duration.ofSeconds(30)).until(() -> nodeState(crashed), "down"::equals);
            assertThatThrownBy(() -> runtime.execCreate(onWorker, SHELL))
                    .as("once the manager says the node is down too (its task still runs in the manager's view)")
                    .isInstanceOf(EngineUnavailableException.class)
                    .cause()
                    .hasMessageContaining("the engine of swarm node " + NAMES.get(crashed));

            // Its state: node_unavailable (the manager's task is stale), in inspect and both listings; within the
            // runtime's cache of the nodes' states (NODE_STATES_FOR) after the manager's word.
            long downSeen = System.nanoTime();
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> runtime.inspect(onWorker).orElseThrow().status(), "node_unavailable"::equals);
            System.out.printf(
                    "swarm container seen node_unavailable %d ms after the manager said its node was down%n",
                    (System.nanoTime() - downSeen) / 1_000_000);
            assertThat(runtime.inspect(onWorker).orElseThrow().state().running())
                    .isFalse();
            assertThat(runtime.inspect(elsewhere).orElseThrow().status())
                    .as("a container on another node")
                    .isEqualTo("running");
            assertThat(runtime.listByOwner(owner))
                    .extracting(ContainerSummary::id, ContainerSummary::state)
                    .contains(tuple(onWorker, "node_unavailable"), tuple(elsewhere, "running"));
            assertThat(runtime.listManaged())
                    .filteredOn(container -> container.id().equals(onWorker))
                    .extracting(ManagedContainer::state)
                    .containsExactly("node_unavailable");
            long refused = System.nanoTime();
            for (Runnable call : List.<Runnable>of(
                    () -> runtime.stop(onWorker, null),
                    () -> runtime.start(onWorker),
                    () -> runtime.restart(onWorker, null),
                    () -> runtime.remove(onWorker))) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(EngineUnavailableException.class)
                        .cause()
                        .hasMessageContaining("swarm node " + NAMES.get(crashed) + " is unavailable");
            }
            System.out.printf(
                    "swarm stop, start, restart and remove of a down node's container refused in %d ms%n",
                    (System.nanoTime() - refused) / 1_000_000);
            assertThat(Duration.ofNanos(System.nanoTime() - refused))
                    .as("at once, not after the settle wait")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(runtime.inspect(onWorker))
                    .as("the remove was refused, not done")
                    .isPresent();

            long back = System.nanoTime();
            swarm("start-node", INDEXES.get(crashed));
            // Its container died with the engine and, with restart condition none, is not replaced: exited, as a
            // container under Docker is after its engine crashed; a start brings it back on its pinned node.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> runtime.inspect(onWorker).orElseThrow().status(), "exited"::equals);
            assertThat(runtime.listByOwner(owner))
                    .as("consistent again, with the same runtime object")
                    .extracting(ContainerSummary::id, ContainerSummary::state)
                    .contains(tuple(onWorker, "exited"));
            System.out.printf(
                    "swarm container seen exited %d ms after its node's engine was started%n",
                    (System.nanoTime() - back) / 1_000_000);
            assertThatThrownBy(() -> runtime.execCreate(onWorker, SHELL))
                    .isInstanceOf(EngineContainerNotRunningException.class);
            runtime.start(onWorker);
            assertThat(nodesRunning(onWorker)).as("on its pinned node again").containsExactly(crashed);
            assertThat(ExecProbes.exec(runtime, onWorker, List.of("echo", "back")))
                    .isEqualTo(new ExecProbes.Output("back\n", "", 0L));
        } finally {
            if (worker != null) {
                swarm("start-node", INDEXES.get(worker)); // answers at once when it already runs
                String restarted = worker;
                await().atMost(Duration.ofSeconds(60)).until(() -> nodeState(restarted), "ready"::equals);
            }
            placed.keySet().forEach(runtime::remove);
        }
    }

    // --- events

    /** Every event of the stream, read on a thread of its own until the stream ends. */
    private static List<EngineEvent> collect(NodeEvents stream) {
        List<EngineEvent> seen = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            for (EngineEvent event = stream.next(); event != null; event = stream.next()) {
                seen.add(event);
            }
        });
        return seen;
    }

    private static List<String> actionsOf(List<EngineEvent> seen, String id) {
        return seen.stream()
                .filter(e -> e.containerId().equals(id))
                .map(EngineEvent::action)
                .toList();
    }

    private static NodeEvents followedOnEveryNode() {
        NodeEvents stream = (NodeEvents) runtime.events();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.following() == NODES.size());
        return stream;
    }

    @Test
    void shouldTellAContainersStartDieAndStopUnderThePortsIdFromItsNodesEngine() {
        long owner = newOwner();
        String id = runtime.create(new ContainerSpec(
                owner, UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
        NodeEvents stream = followedOnEveryNode();
        try {
            List<EngineEvent> seen = collect(stream);
            long started = System.nanoTime();
            runtime.start(id);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> actionsOf(seen, id).contains("start"));
            System.out.printf(
                    "swarm start event %d ms after the start began%n", (System.nanoTime() - started) / 1_000_000);

            long stopping = System.nanoTime();
            runtime.stop(id, null);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> actionsOf(seen, id).containsAll(List.of("die", "stop")));
            System.out.printf(
                    "swarm die and stop events %d ms after the stop began%n",
                    (System.nanoTime() - stopping) / 1_000_000);
            // The node removes the task's container: its destroy is not the port's container's.
            await().atMost(Duration.ofSeconds(30)).until(() -> nodesRunning(id).isEmpty());
            assertThat(actionsOf(seen, id))
                    .as("the start first, then the end of the task; no create or destroy of the task's container")
                    .startsWith("start")
                    .contains("die", "stop")
                    .doesNotContain("create", "destroy");
            assertThat(seen)
                    .filteredOn(e -> e.containerId().equals(id))
                    .allSatisfy(e -> assertThat(e.ownerId()).isEqualTo(owner))
                    .filteredOn(e -> e.action().equals("die"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.exitCode()).isNotNull());
        } finally {
            stream.close();
            runtime.remove(id);
        }
        assertThat(stream.next()).as("closed").isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.readersAlive() == 0);
    }

    @Test
    void shouldFollowANodesEngineAgainAfterItCrashedWithoutEndingTheStream() throws Exception {
        String worker = env.get("SWARM_NODE2_ID");
        String before = runtime.create(new ContainerSpec(
                newOwner(), UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
        String after = runtime.create(new ContainerSpec(
                newOwner(), UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
        placeOn(before, worker);
        placeOn(after, worker);
        NodeEvents stream = followedOnEveryNode();
        try {
            List<EngineEvent> seen = collect(stream);
            runtime.start(before);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> actionsOf(seen, before).contains("start"));

            swarm("stop-node", INDEXES.get(worker));
            long crashed = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.following() == NODES.size() - 1);
            System.out.printf(
                    "swarm events: a crashed node's stream seen gone in %d ms%n",
                    (System.nanoTime() - crashed) / 1_000_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> nodeState(worker), "down"::equals);
            long back = System.nanoTime();
            swarm("start-node", INDEXES.get(worker));
            await().atMost(Duration.ofSeconds(60)).until(() -> nodeState(worker), "ready"::equals);
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.following() == NODES.size());
            System.out.printf(
                    "swarm events: the node's stream followed again %d ms after its engine was started%n",
                    (System.nanoTime() - back) / 1_000_000);

            // Its container died with the engine, which says nothing of it when it is back: the listing does.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> actionsOf(seen, before).contains("die"));
            System.out.printf(
                    "swarm events: the die of the crashed node's container told %d ms after its engine was started%n",
                    (System.nanoTime() - back) / 1_000_000);

            runtime.start(after);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> actionsOf(seen, after).contains("start"));
            runtime.stop(after, null);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> actionsOf(seen, after).contains("die"));
        } finally {
            stream.close();
            swarm("start-node", INDEXES.get(worker)); // answers at once when it already runs
            await().atMost(Duration.ofSeconds(60)).until(() -> nodeState(worker), "ready"::equals);
            runtime.remove(before);
            runtime.remove(after);
        }
    }

    // --- the users' overlays

    private static EngineApi manager() {
        return EngineApi.of(env.get("SWARM_MANAGER_HOST"), false, Path.of(""));
    }

    private static long newOwner() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    }

    /** The test's placement: a created service (not started yet) pinned to this node through the manager. */
    private static void placeOn(String id, String nodeId) {
        SwarmTestRuntime.placeOn(swarm, id, nodeId);
    }

    /** A container of this user on this network under this alias, pinned to this node, started. */
    private static String runOn(
            long owner, String network, String alias, String nodeId, String script, List<String> env) {
        String id = runtime.create(new ContainerSpec(
                owner,
                UUID.randomUUID(),
                IntegrationTest.TEST_IMAGE,
                List.of("sh", "-c", script),
                env,
                null,
                new NetworkAttachment(network, alias)));
        placeOn(id, nodeId);
        runtime.start(id);
        return id;
    }

    private static String web(String says) {
        return "mkdir /www && echo " + says + " > /www/index.html && exec httpd -f -p 8080 -h /www";
    }

    /**
     * Tries web servers by name or address (busybox-static's wget crashes here; nc speaks HTTP itself) and the swarm's
     * registry outside the overlay (egress), printing what each answered: read back through the adapter's logs.
     */
    private static final String CLIENT = String.join(
            "\n",
            "get() { printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 \"$1\" 8080 2>/dev/null | tail -n 1; }",
            "for i in $(seq 1 60); do own=$(get web); [ -n \"$own\" ] && break; sleep 1; done",
            "echo \"web: $own\"",
            "for target in $TARGETS; do answer=$(get $target); echo \"$target: ${answer:-unreached}\"; done",
            "out=$(printf 'GET /v2/ HTTP/1.0\\r\\n\\r\\n' | nc -w 2 $REGISTRY 2>/dev/null)",
            "case \"$out\" in *HTTP/1*) echo 'egress: yes' ;; *) echo 'egress: no' ;; esac",
            "exec sleep 600");

    private static String addressOn(String id, String nodeId, String network) {
        return NODES.get(nodeId)
                .call("GET", "/containers/" + taskContainer(id, nodeId) + "/json", null, EngineApi.QUICK)
                .json()
                .path("NetworkSettings")
                .path("Networks")
                .path(network)
                .path("IPAddress")
                .asString("");
    }

    private static List<String> outputOf(String id) {
        return lines(id, request(100, false, true, true, false)).stream()
                .map(LogLine::text)
                .toList();
    }

    @Test
    void shouldConnectOneUsersContainersByNameAcrossNodesOnTheirOwnOverlayOnly() {
        long alice = newOwner();
        long bob = alice + 1;
        String node2 = env.get("SWARM_NODE2_ID");
        String node3 = env.get("SWARM_NODE3_ID");
        String registry =
                env.get("SWARM_REGISTRY_MIRROR").replaceFirst("^http://", "").replace(':', ' ');
        List<Optional<String>> made = new java.util.concurrent.CopyOnWriteArrayList<>();
        timed(() -> made.add(runtime.ensureNetwork(new UserNetwork(alice, false, "10.213.0.0/26"))), "ensure network");
        String aliceNet = made.getFirst().orElseThrow();
        assertThat(aliceNet).isEqualTo("cm-swarm-it-u" + alice);
        timed(
                () -> made.add(runtime.ensureNetwork(new UserNetwork(alice, false, "10.213.0.0/26"))),
                "ensure network (there)");
        assertThat(made.getLast()).as("found by its name").contains(aliceNet);
        String bobNet = runtime.ensureNetwork(new UserNetwork(bob, true, "10.213.0.64/26"))
                .orElseThrow();
        assertThat(bobNet).isEqualTo("cm-swarm-it-u" + bob + "-egress");
        JsonNode overlay = manager()
                .call("GET", "/networks/" + aliceNet, null, EngineApi.QUICK)
                .json();
        assertThat(overlay.path("Driver").asString()).isEqualTo("overlay");
        assertThat(overlay.path("Scope").asString()).isEqualTo("swarm");
        assertThat(overlay.path("Attachable").asBoolean()).isTrue();
        assertThat(overlay.path("Internal").asBoolean())
                .as("no egress: internal")
                .isTrue();
        assertThat(overlay.at("/Labels/container-manager.owner").asString()).isEqualTo(Long.toString(alice));
        assertThat(overlay.at("/Labels/container-manager.installation").asString())
                .isEqualTo("swarm-it");
        assertThat(overlay.at("/Labels/" + IntegrationTest.TEST_LABEL).asString())
                .isEqualTo(IntegrationTest.RUN_ID);
        assertThat(manager()
                        .call("GET", "/networks/" + bobNet, null, EngineApi.QUICK)
                        .json()
                        .path("Internal")
                        .asBoolean())
                .isFalse();
        assertThat(runtime.networkSubnets()).contains("10.213.0.0/26", "10.213.0.64/26");

        List<String> ids = new ArrayList<>();
        try {
            String aliceWeb = runOn(alice, aliceNet, "web", node2, web("hello-alice"), List.of());
            ids.add(aliceWeb);
            String bobWeb = runOn(bob, bobNet, "web", node2, web("hello-bob"), List.of());
            ids.add(bobWeb);
            String aliceWebService = runtime.inspect(aliceWeb).orElseThrow().name();
            String aliceWebAddress = addressOn(aliceWeb, node2, aliceNet);
            assertThat(aliceWebAddress).startsWith("10.213.0.");

            long started = System.nanoTime();
            String aliceClient = runOn(
                    alice,
                    aliceNet,
                    "client",
                    node3,
                    CLIENT,
                    List.of("TARGETS=" + aliceWebService, "REGISTRY=" + registry));
            ids.add(aliceClient);
            String bobClient = runOn(
                    bob,
                    bobNet,
                    "client",
                    node3,
                    CLIENT,
                    List.of("TARGETS=" + aliceWebService + " " + aliceWebAddress, "REGISTRY=" + registry));
            ids.add(bobClient);
            assertThat(nodesRunning(aliceWeb)).as("placement").containsExactly(node2);
            assertThat(nodesRunning(bobWeb)).containsExactly(node2);
            assertThat(nodesRunning(aliceClient)).as("placement: another node").containsExactly(node3);
            assertThat(nodesRunning(bobClient)).containsExactly(node3);

            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(outputOf(aliceClient)).anyMatch(l -> l.startsWith("egress:")));
            System.out.printf(
                    "swarm overlay: a client on node 3 had its answers %d ms after its start began%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(outputOf(aliceClient))
                    .as("alice's client on node 3 reaches her web on node 2 by her name and by the service's, and"
                            + " nothing outside (internal)")
                    .containsExactly("web: hello-alice", aliceWebService + ": hello-alice", "egress: no");
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(outputOf(bobClient)).anyMatch(l -> l.startsWith("egress:")));
            assertThat(outputOf(bobClient))
                    .as("bob's client: his own web by the same name; alice's neither by name nor by address;"
                            + " outside (egress)")
                    .containsExactly(
                            "web: hello-bob",
                            aliceWebService + ": unreached",
                            aliceWebAddress + ": unreached",
                            "egress: yes");

            assertThatThrownBy(() -> runtime.removeNetworks(bob))
                    .as("in use by his services, as the engine refuses a network in use")
                    .isInstanceOf(EngineRefusedException.class)
                    .hasMessageContaining("in use");
        } finally {
            ids.forEach(runtime::remove);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(runtime.removeNetworks(alice)).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(runtime.removeNetworks(bob)).isEqualTo(1));
        assertThat(runtime.removeNetworks(alice)).as("gone: nothing to remove").isZero();
        assertThat(manager()
                        .call("GET", "/networks/" + aliceNet, null, EngineApi.QUICK)
                        .status())
                .isEqualTo(404);
        long removed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30))
                .alias("the nodes drop their copies once their task containers are gone")
                .untilAsserted(
                        () -> assertThat(runtime.networkSubnets()).doesNotContain("10.213.0.0/26", "10.213.0.64/26"));
        System.out.printf(
                "swarm overlay: the nodes' copies gone %d ms after the removal%n",
                (System.nanoTime() - removed) / 1_000_000);
    }

    @Test
    void shouldAnswerOverlapsForSubnetsTheSwarmOrANodeHoldsAndLeaveNoUnallocatedOverlay() {
        long carol = newOwner();
        long dave = carol + 1;
        long erin = carol + 2;
        long frank = carol + 3;
        String carolNet = runtime.ensureNetwork(new UserNetwork(carol, true, "10.213.1.0/26"))
                .orElseThrow();
        EngineApi node2 = NODES.get(env.get("SWARM_NODE2_ID"));
        String bridge = "swarm-it-local-" + PREFIX;
        String unallocated = "cm-swarm-it-u" + frank + "-egress";
        try {
            assertThat(runtime.ensureNetwork(new UserNetwork(dave, true, "10.213.1.32/27")))
                    .as("inside carol's overlay")
                    .isEmpty();
            assertThat(manager()
                            .call("GET", "/networks/cm-swarm-it-u" + dave + "-egress", null, EngineApi.QUICK)
                            .status())
                    .isEqualTo(404);

            EngineApi.Answer local = node2.call(
                    "POST",
                    "/networks/create",
                    Map.of(
                            "Name",
                            bridge,
                            "Driver",
                            "bridge",
                            "Labels",
                            Map.of(IntegrationTest.TEST_LABEL, IntegrationTest.RUN_ID),
                            "IPAM",
                            Map.of("Config", List.of(Map.of("Subnet", "10.213.2.0/24")))),
                    EngineApi.QUICK);
            assertThat(local.status()).as(local.text()).isEqualTo(201);
            assertThat(runtime.networkSubnets()).as("node 2's own bridge").contains("10.213.2.0/24");
            assertThat(runtime.ensureNetwork(new UserNetwork(erin, true, "10.213.2.64/26")))
                    .as("inside a bridge of node 2 that the manager does not list")
                    .isEmpty();

            // What 20.10 makes of an overlapping subnet: accepted, never allocated (a leftover of a race): found,
            // awaited, removed, answered as an overlap.
            EngineApi.Answer leftover = manager()
                    .call(
                            "POST",
                            "/networks/create",
                            Map.of(
                                    "Name",
                                    unallocated,
                                    "Driver",
                                    "overlay",
                                    "Attachable",
                                    true,
                                    "IPAM",
                                    Map.of("Config", List.of(Map.of("Subnet", "10.213.1.0/28")))),
                            EngineApi.QUICK);
            assertThat(leftover.status()).as(leftover.text()).isEqualTo(201);
            assertThat(SwarmNetworks.allocated(manager()
                            .call("GET", "/networks/" + unallocated, null, EngineApi.QUICK)
                            .json()))
                    .isFalse();
            assertThat(runtime.ensureNetwork(new UserNetwork(frank, true, "10.213.1.0/28")))
                    .isEmpty();
            assertThat(manager()
                            .call("GET", "/networks/" + unallocated, null, EngineApi.QUICK)
                            .status())
                    .isEqualTo(404);
            assertThat(runtime.ensureNetwork(new UserNetwork(frank, true, "10.213.3.0/26")))
                    .as("the next free subnet")
                    .contains(unallocated);
            assertThat(runtime.removeNetworks(carol)).isEqualTo(1);
            assertThat(runtime.removeNetworks(frank)).isEqualTo(1);
        } finally {
            node2.call("DELETE", "/networks/" + bridge, null, EngineApi.QUICK);
            runtime.removeNetworks(carol);
            runtime.removeNetworks(frank);
        }
    }
}
