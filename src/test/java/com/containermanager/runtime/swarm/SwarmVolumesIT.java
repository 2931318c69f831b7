package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.VolumeLimit;
import com.containermanager.runtime.VolumeMount;
import com.containermanager.runtime.VolumeSpec;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import com.containermanager.runtime.docker.EngineApi;
import com.containermanager.support.Concurrently;
import com.containermanager.support.ExecProbes;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.LocalSwarm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/**
 * Users' volumes under the Swarm adapter on the real three-node swarm ({@link LocalSwarm}): node-local, held by the
 * node of the first start of a container mounting them, their data kept across stops and restarts, a second container
 * pinned to their node, their usage, their hard limit, their removal, and their node down (503 naming it). Each
 * node's own engine is asked where a volume and a task are. As root (loop devices); `make swarm-it` runs it.
 */
class SwarmVolumesIT {

    private static final long SIZE = DataSize.ofMegabytes(64).toBytes();

    private static LocalSwarm swarm;
    private static SwarmContainerRuntime runtime;
    private static Path directory;
    private static final List<String> containers = new CopyOnWriteArrayList<>();
    private static final List<UUID> volumes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void upSwarm() throws IOException {
        swarm = LocalSwarm.shared();
        directory = Files.createTempDirectory("cm-swarm-volumes-it-");
        runtime = SwarmTestRuntime.withVolumes(swarm, "swarm-volumes-it", directory);
    }

    @AfterAll
    static void removeWhatWasMade() throws IOException {
        for (String id : containers) {
            try {
                runtime.remove(id);
            } catch (RuntimeException e) {
                System.out.println("could not remove container " + id + ": " + e.getMessage());
            }
        }
        for (UUID volume : volumes) {
            try {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> runtime.removeVolume(volume));
            } catch (RuntimeException e) {
                System.out.println("could not remove volume " + volume + ": " + e.getMessage());
            }
        }
        try (Stream<Path> left = Files.list(directory)) {
            for (Path file : left.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    private static UUID volume(long owner) {
        UUID id = UUID.randomUUID();
        volumes.add(id);
        runtime.ensureVolume(new VolumeSpec(owner, id, SIZE));
        return id;
    }

    private static String container(long owner, UUID volume, String path) {
        String id = runtime.create(mounting(owner, volume, path));
        containers.add(id);
        return id;
    }

    /** The nodes whose own engine has this volume, by node ID, but those left out (down). */
    private static List<String> nodesHolding(UUID volume, String... leftOut) {
        List<String> holding = new ArrayList<>();
        for (LocalSwarm.Node node : up(leftOut)) {
            EngineApi.Answer answer = node.engine()
                    .call("GET", "/volumes/" + DockerContainerRuntime.volumeName(volume), null, EngineApi.QUICK);
            if (answer.status() == 200) {
                holding.add(node.id());
            }
        }
        return holding;
    }

    /** The nodes whose own engine runs a container of this port id's task, by node ID. */
    private static List<String> nodesRunning(String id, String... leftOut) {
        String filters = EngineApi.filters(Map.of("label", List.of(SwarmContainerRuntime.ID + "=" + id)));
        List<String> running = new ArrayList<>();
        for (LocalSwarm.Node node : up(leftOut)) {
            JsonNode list = node.engine()
                    .call("GET", "/containers/json?filters=" + filters, null, EngineApi.QUICK)
                    .json();
            if (list.isArray() && !list.isEmpty()) {
                running.add(node.id());
            }
        }
        return running;
    }

    private static List<LocalSwarm.Node> up(String... leftOut) {
        return swarm.nodes().stream()
                .filter(node -> !List.of(leftOut).contains(node.id()))
                .toList();
    }

    private static Map<String, String> nodeLabels(String nodeId) {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode found = swarm.managerEngine()
                .call("GET", "/nodes/" + nodeId, null, EngineApi.QUICK)
                .json()
                .path("Spec")
                .path("Labels");
        found.propertyNames().forEach(key -> labels.put(key, found.path(key).asString("")));
        return labels;
    }

    /** The placement constraints of the service of this port id, as the manager has them. */
    private static List<String> constraints(String id) {
        String name = runtime.inspect(id).orElseThrow().name();
        return SwarmSpecs.elements(swarm.managerEngine()
                        .call("GET", "/services/" + name, null, EngineApi.QUICK)
                        .json()
                        .at("/Spec/TaskTemplate/Placement/Constraints"))
                .stream()
                .map(c -> c.asString("").replace(" ", ""))
                .toList();
    }

    private static ExecProbes.Output sh(String id, String script) throws IOException {
        return ExecProbes.exec(runtime, id, List.of("sh", "-c", script));
    }

    private static long timed(Runnable call, String what) {
        long started = System.nanoTime();
        call.run();
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("swarm volumes %s: %d ms%n", what, ms);
        return ms;
    }

    /**
     * volumes.limit soft, the set-up for nodes on machines of their own: the volume is the node engine's own local
     * volume (nothing on the service's host, no loop device), held and pinned as a hard one, its usage measured by
     * that engine.
     */
    @Test
    void shouldKeepASoftVolumeInItsNodeEnginesOwnVolumeMeasuredAndPinned() throws IOException {
        Path nothingHere = Files.createTempDirectory("cm-swarm-soft-volumes-it-");
        SwarmContainerRuntime soft =
                SwarmTestRuntime.withVolumes(swarm, "swarm-volumes-it", nothingHere, VolumeLimit.SOFT);
        long owner = 44;
        UUID volume = UUID.randomUUID();
        List<String> made = new ArrayList<>();
        try {
            soft.ensureVolume(new VolumeSpec(owner, volume, SIZE));
            assertThat(soft.volumeLimit()).isEqualTo("soft");
            assertThat(nodesHolding(volume)).isEmpty();
            assertThat(soft.volumeUsedBytes(volume)).isZero();

            made.add(soft.create(mounting(owner, volume, "/data")));
            soft.start(made.getFirst());
            String node = nodesRunning(made.getFirst()).getFirst();
            assertThat(nodesHolding(volume)).containsExactly(node);
            JsonNode engineVolume = swarm.nodeById(node)
                    .engine()
                    .call("GET", "/volumes/" + DockerContainerRuntime.volumeName(volume), null, EngineApi.QUICK)
                    .json();
            assertThat(engineVolume.path("Options").isEmpty())
                    .as("a plain local volume of the node's engine: %s", engineVolume)
                    .isTrue();
            assertThat(engineVolume.path("Labels").path(ContainerLabels.OWNER).asString())
                    .isEqualTo("44");
            assertThat(ExecProbes.exec(
                                    soft,
                                    made.getFirst(),
                                    List.of(
                                            "sh",
                                            "-c",
                                            "echo kept > /data/kept.txt && dd if=/dev/zero of=/data/blob bs=1M"
                                                    + " count=8 2>/dev/null && sync"))
                            .exitCode())
                    .isZero();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> soft.volumeUsedBytes(volume)
                            >= DataSize.ofMegabytes(8).toBytes());

            soft.stop(made.getFirst(), null);
            soft.start(made.getFirst());
            assertThat(nodesRunning(made.getFirst())).containsExactly(node);
            made.add(soft.create(mounting(owner, volume, "/shared")));
            soft.start(made.getLast());
            assertThat(nodesRunning(made.getLast())).as("pinned to its node").containsExactly(node);
            assertThat(ExecProbes.exec(soft, made.getLast(), List.of("cat", "/shared/kept.txt"))
                            .stdout())
                    .as("kept across a stop, and seen by a second container")
                    .isEqualTo("kept\n");
            try (Stream<Path> files = Files.list(nothingHere)) {
                assertThat(files).as("nothing of it on the service's host").isEmpty();
            }
            assertThat(soft.removeVolume(volume)).as("in use").isFalse();
        } finally {
            made.forEach(soft::remove);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> soft.removeVolume(volume));
            Files.deleteIfExists(nothingHere);
        }
        assertThat(nodesHolding(volume)).as("removed from its node's engine").isEmpty();
    }

    /**
     * Two instances (two adapters: nothing shared but the swarm) first-start two containers sharing a volume that no
     * node holds, at the same moment, their tasks placed on two different nodes (pinned there as Swarm's spread
     * would put them): both end on one node, the one the volume's record names, and see the same data (soft volumes:
     * each node engine's own, so a container on another node would see an empty one).
     */
    @Test
    void shouldBringTwoInstancesFirstStartsOfOneVolumeToOneNode() throws Exception {
        Path nothingHere = Files.createTempDirectory("cm-swarm-volume-race-it-");
        SwarmContainerRuntime one =
                SwarmTestRuntime.withVolumes(swarm, "swarm-volumes-it", nothingHere, VolumeLimit.SOFT);
        SwarmContainerRuntime two =
                SwarmTestRuntime.withVolumes(swarm, "swarm-volumes-it", nothingHere, VolumeLimit.SOFT);
        long owner = 45;
        List<String> made = new ArrayList<>();
        List<UUID> racing = new ArrayList<>();
        int moved = 0;
        try {
            for (int round = 0; round < 2; round++) {
                UUID volume = UUID.randomUUID();
                racing.add(volume);
                one.ensureVolume(new VolumeSpec(owner, volume, SIZE));
                String a = one.create(mounting(owner, volume, "/data"));
                String b = two.create(mounting(owner, volume, "/data"));
                made.add(a);
                made.add(b);
                SwarmTestRuntime.placeOn(swarm, a, swarm.node(2).id());
                SwarmTestRuntime.placeOn(swarm, b, swarm.node(3).id());
                Concurrently.run(2, i -> {
                    if (i == 0) {
                        one.start(a);
                    } else {
                        two.start(b);
                    }
                    return i;
                });

                List<String> nodeOfA = nodesRunning(a);
                assertThat(nodeOfA).hasSize(1);
                assertThat(nodesRunning(b))
                        .as("round %d: on the node of the other", round)
                        .isEqualTo(nodeOfA);
                String node = nodeOfA.getFirst();
                assertThat(swarm.managerEngine()
                                .call("GET", "/configs/" + SwarmVolumes.CONFIG_PREFIX + volume, null, EngineApi.QUICK)
                                .json()
                                .path("Spec")
                                .path("Labels")
                                .path(SwarmVolumes.CONFIG_NODE)
                                .asString())
                        .as("the node the volume's record names")
                        .isEqualTo(node);
                for (LocalSwarm.Node other : swarm.nodes()) {
                    assertThat(nodeLabels(other.id()).containsKey(SwarmVolumes.NODE_LABEL + volume))
                            .as("round %d: node %s labelled as the volume's", round, other.name())
                            .isEqualTo(other.id().equals(node));
                }
                assertThat(ExecProbes.exec(one, a, List.of("sh", "-c", "echo from-a > /data/a.txt && sync"))
                                .exitCode())
                        .isZero();
                assertThat(ExecProbes.exec(two, b, List.of("cat", "/data/a.txt"))
                                .stdout())
                        .as("one volume for both")
                        .isEqualTo("from-a\n");
                int tasksA = taskCount(a);
                int tasksB = taskCount(b);
                System.out.printf(
                        "swarm volume race, round %d: tasks of the two containers %d and %d (more than one: it moved)%n",
                        round, tasksA, tasksB);
                moved += tasksA + tasksB > 2 ? 1 : 0;
            }
        } finally {
            made.forEach(one::remove);
            for (UUID volume : racing) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> one.removeVolume(volume));
            }
            Files.deleteIfExists(nothingHere);
        }
        for (UUID volume : racing) {
            assertThat(nodesHolding(volume))
                    .as("removed everywhere, the empty one the losing node's engine made included")
                    .isEmpty();
        }
        assertThat(moved)
                .as("rounds in which both tasks ran on their own nodes first and one moved (the race, not a wait)")
                .isPositive();
    }

    /** How many tasks the container's service has had (Swarm keeps the replaced ones as history). */
    private static int taskCount(String id) {
        String filters = EngineApi.filters(Map.of(
                "service",
                List.of(SwarmTestRuntime.services(swarm, id)
                        .getFirst()
                        .path("ID")
                        .asString())));
        return swarm.managerEngine()
                .call("GET", "/tasks?filters=" + filters, null, EngineApi.QUICK)
                .json()
                .size();
    }

    private static ContainerSpec mounting(long owner, UUID volume, String path) {
        return new ContainerSpec(
                owner,
                UUID.randomUUID(),
                IntegrationTest.TEST_IMAGE,
                List.of("sleep", "600"),
                List.of(),
                null,
                null,
                List.of(new VolumeMount(volume, path, false)));
    }

    @Test
    void shouldKeepAVolumeOnTheNodeOfItsFirstStartWithItsDataUsageAndLimit() throws IOException {
        long owner = 41;
        UUID volume = volume(owner);
        assertThat(nodesHolding(volume))
                .as("no node holds it before a container mounting it starts")
                .isEmpty();
        assertThat(runtime.volumeLimit()).isEqualTo("hard");
        long empty = runtime.volumeUsedBytes(volume);

        String first = container(owner, volume, "/data");
        timed(() -> runtime.start(first), "first start with a volume");
        List<String> running = nodesRunning(first);
        assertThat(running).hasSize(1);
        String node = running.getFirst();
        assertThat(nodesHolding(volume))
                .as("made by the engine of the node of the first start, only there")
                .containsExactly(node);
        JsonNode made = swarm.nodeById(node)
                .engine()
                .call("GET", "/volumes/" + DockerContainerRuntime.volumeName(volume), null, EngineApi.QUICK)
                .json();
        assertThat(made.path("Labels").path(ContainerLabels.OWNER).asString()).isEqualTo("41");
        assertThat(made.path("Options").path("type").asString()).isEqualTo("ext4");
        assertThat(nodeLabels(node))
                .as("the node's record, kept by the manager")
                .containsEntry(SwarmVolumes.NODE_LABEL + volume, "41");

        assertThat(sh(
                        first,
                        "echo kept > /data/kept.txt && dd if=/dev/zero of=/data/blob bs=1M count=8 2>/dev/null"
                                + " && sync && cat /data/kept.txt"))
                .isEqualTo(new ExecProbes.Output("kept\n", "", 0L));
        long used = runtime.volumeUsedBytes(volume);
        System.out.printf("swarm volumes used bytes: empty %d, after 8 MiB %d%n", empty, used);
        assertThat(used)
                .as("usage while it is mounted in the node engine's own namespace")
                .isGreaterThanOrEqualTo(empty + DataSize.ofMegabytes(8).toBytes());

        runtime.stop(first, null);
        assertThat(nodesRunning(first)).isEmpty();
        assertThat(runtime.volumeUsedBytes(volume))
                .as("the same once unmounted (from the image's superblock)")
                .isGreaterThanOrEqualTo(empty + DataSize.ofMegabytes(8).toBytes());
        timed(() -> runtime.start(first), "start with a volume after a stop");
        assertThat(nodesRunning(first)).containsExactly(node);
        assertThat(sh(first, "cat /data/kept.txt").stdout())
                .as("kept across a stop")
                .isEqualTo("kept\n");
        timed(() -> runtime.restart(first, null), "restart with a volume");
        assertThat(sh(first, "cat /data/kept.txt").stdout())
                .as("kept across a restart")
                .isEqualTo("kept\n");

        String second = container(owner, volume, "/shared");
        timed(() -> runtime.start(second), "start of a second container of the volume");
        assertThat(nodesRunning(second)).as("pinned to the volume's node").containsExactly(node);
        assertThat(constraints(second)).containsExactly("node.id==" + node);
        assertThat(sh(second, "cat /shared/kept.txt; echo more >> /shared/kept.txt")
                        .stdout())
                .isEqualTo("kept\n");
        assertThat(sh(first, "cat /data/kept.txt").stdout())
                .as("one volume, seen by both")
                .isEqualTo("kept\nmore\n");
        assertThat(nodesHolding(volume)).containsExactly(node);

        ExecProbes.Output full = sh(first, "dd if=/dev/zero of=/data/big bs=1M count=80");
        assertThat(full.exitCode())
                .as("the hard limit refuses a write past the size")
                .isNotZero();
        assertThat(full.stderr()).contains("No space left on device");

        assertThat(runtime.removeVolume(volume)).as("in use").isFalse();
        assertThat(sh(first, "cat /data/kept.txt").stdout()).isEqualTo("kept\nmore\n");
        runtime.stop(first, null);
        runtime.stop(second, null);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        nodesRunning(first).isEmpty() && nodesRunning(second).isEmpty());
        assertThat(runtime.removeVolume(volume))
                .as("stopped containers' services still mount it (their node's engine would not know)")
                .isFalse();
        assertThat(nodesHolding(volume)).containsExactly(node);
        runtime.remove(first);
        runtime.remove(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.removeVolume(volume));
        assertThat(nodesHolding(volume)).as("gone from its node").isEmpty();
        assertThat(nodeLabels(node)).doesNotContainKey(SwarmVolumes.NODE_LABEL + volume);
        assertThat(directory.resolve(volume + ".ext4")).doesNotExist();
        assertThat(runtime.removeVolume(volume))
                .as("gone: removing it again is fine")
                .isTrue();
    }

    @Test
    void shouldStartTwoContainersOfAVolumeThatNoNodeHoldsYetAtOnceOnOneNode() throws Exception {
        long owner = 44;
        // Threads of its own: the common pool has one on two cores, which would run the starts one after the other.
        ExecutorService starts = Executors.newFixedThreadPool(2);
        for (int round = 0; round < 2; round++) {
            UUID volume = volume(owner);
            String one = container(owner, volume, "/data");
            String two = container(owner, volume, "/data");
            String service = runtime.inspect(one).orElseThrow().name();
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> runtime.start(one), starts);
            // The second start once Swarm gave the first's task a node, before it runs: spread, Swarm would place
            // the second elsewhere, were it not for the first's placement of the volume.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> SwarmSpecs.elements(swarm.managerEngine()
                                    .call(
                                            "GET",
                                            "/tasks?filters=" + EngineApi.filters(Map.of("service", List.of(service))),
                                            null,
                                            EngineApi.QUICK)
                                    .json())
                            .stream()
                            .anyMatch(task -> !task.path("NodeID").asString("").isEmpty()));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> runtime.start(two), starts);
            first.get(90, TimeUnit.SECONDS);
            second.get(90, TimeUnit.SECONDS);
            List<String> node = nodesRunning(one);
            System.out.printf("swarm volumes two first starts: on %s and %s%n", node, nodesRunning(two));
            assertThat(node).hasSize(1);
            assertThat(nodesRunning(two))
                    .as("the second waited for the first's placement, then was pinned to it")
                    .isEqualTo(node);
            assertThat(nodesHolding(volume)).isEqualTo(node);
            assertThat(constraints(two)).containsExactly("node.id==" + node.getFirst());
        }
        starts.close();
    }

    @Test
    void shouldRemoveAVolumeThatNoNodeHoldsAndKeepItsDataForTheFirstStart() throws IOException {
        long owner = 42;
        UUID never = volume(owner);
        assertThat(runtime.volumeUsedBytes(never)).isPositive();
        assertThat(runtime.removeVolume(never)).isTrue();
        assertThat(directory.resolve(never + ".ext4")).doesNotExist();
        assertThat(nodesHolding(never)).isEmpty();
    }

    @Test
    void shouldAnswerUnavailableNamingTheNodeOfAVolumeWhoseNodeIsDownAndMakeItNowhereElse() throws IOException {
        long owner = 43;
        // Its first start on a worker (the test picks it: Swarm's spread puts it wherever fewer tasks run), whose
        // engine can be killed without taking the manager down.
        UUID onWorker = volume(owner);
        String container = container(owner, onWorker, "/data");
        SwarmTestRuntime.placeOn(swarm, container, swarm.node(3).id());
        runtime.start(container);
        String nodeId = nodesHolding(onWorker).getFirst();
        LocalSwarm.Node node = swarm.nodeById(nodeId);
        sh(container, "echo before > /data/kept.txt");
        runtime.stop(container, null);
        String other = container(owner, onWorker, "/again");

        swarm.stopNode(node.index());
        try {
            long started = System.nanoTime();
            for (var call : List.<Runnable>of(
                    () -> runtime.volumeUsedBytes(onWorker),
                    () -> runtime.ensureVolume(new VolumeSpec(owner, onWorker, SIZE)),
                    () -> runtime.start(other))) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(EngineUnavailableException.class)
                        .cause()
                        .hasMessageContaining("swarm node " + node.name());
            }
            assertThatThrownBy(() -> runtime.volumeUsedBytes(onWorker))
                    .as("down is not gone: the listing says unavailable")
                    .isInstanceOf(EngineUnavailableException.class);
            System.out.printf(
                    "swarm volume calls for a crashed node failed within %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> swarm.managerEngine()
                                    .call("GET", "/nodes/" + nodeId, null, EngineApi.QUICK)
                                    .json()
                                    .path("Status")
                                    .path("State")
                                    .asString(""),
                            "down"::equals);
            assertThat(runtime.nodes())
                    .filteredOn(known -> known.id().equals(nodeId))
                    .singleElement()
                    .satisfies(known -> {
                        assertThat(known.state()).isEqualTo("down");
                        assertThat(known.name()).isEqualTo(node.name());
                    });
            for (var call : List.<Runnable>of(
                    () -> runtime.volumeUsedBytes(onWorker),
                    () -> runtime.start(other),
                    () -> runtime.start(container))) {
                assertThatThrownBy(call::run)
                        .as("once the manager says it is down, from the manager's record")
                        .isInstanceOf(EngineUnavailableException.class)
                        .cause()
                        .hasMessageContaining("swarm node " + node.name());
            }
            assertThatThrownBy(() -> runtime.removeVolume(onWorker))
                    .isInstanceOf(EngineUnavailableException.class)
                    .cause()
                    .hasMessageContaining("swarm node " + node.name());
            assertThat(nodesRunning(other, nodeId))
                    .as("never started elsewhere")
                    .isEmpty();
            assertThat(nodesHolding(onWorker, nodeId))
                    .as("never made again empty on another node")
                    .isEmpty();
        } finally {
            swarm.startNode(node.index());
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> swarm.managerEngine()
                                    .call("GET", "/nodes/" + nodeId, null, EngineApi.QUICK)
                                    .json()
                                    .path("Status")
                                    .path("State")
                                    .asString(""),
                            "ready"::equals);
        }
        runtime.start(other);
        assertThat(nodesRunning(other)).containsExactly(nodeId);
        assertThat(sh(other, "cat /again/kept.txt").stdout())
                .as("its data, once its node is back")
                .isEqualTo("before\n");
        assertThat(Set.copyOf(nodesHolding(onWorker))).containsExactly(nodeId);
    }
}
