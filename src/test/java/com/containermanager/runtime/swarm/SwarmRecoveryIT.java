package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.EngineContainerLostException;
import com.containermanager.runtime.VolumeMount;
import com.containermanager.runtime.VolumeSpec;
import com.containermanager.support.ExecProbes;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.LocalSwarm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * What the Swarm adapter finds after the service restarts (a new adapter: every container where it was), and after a
 * node is removed from the swarm for good (it leaves and the manager forgets it, as when a machine is retired): its
 * containers are {@code lost}, refuse a start, stop or restart, and can be deleted, while the other nodes' are served.
 * On the test JVM's swarm ({@link LocalSwarm}), whose worker joins again afterwards as a new node.
 */
class SwarmRecoveryIT {

    private static final String SLEEPS = "trap 'exit 0' TERM; sleep 600 & wait";

    @Test
    void shouldMarkTheContainersOfANodeThatLeftTheSwarmLostAndStillDeleteThem() throws IOException {
        LocalSwarm swarm = LocalSwarm.shared();
        Path images = Files.createTempDirectory("cm-swarm-recovery-it-");
        SwarmContainerRuntime runtime = SwarmTestRuntime.withVolumes(swarm, SwarmTestRuntime.INSTALLATION, images);
        LocalSwarm.Node leaving = swarm.node(3);
        LocalSwarm.Node staying = swarm.node(2);
        long owner = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        UUID volume = UUID.randomUUID();
        runtime.ensureVolume(new VolumeSpec(owner, volume, 16L * 1024 * 1024));
        String lost = startedOn(swarm, runtime, owner, leaving.id(), volume);
        String kept = startedOn(swarm, runtime, owner, staying.id(), null);
        try {
            assertThatCode(() -> runtime.volumeUsedBytes(volume))
                    .as("on a node of the swarm")
                    .doesNotThrowAnyException();
            long removed = System.nanoTime();
            swarm.removeNode(leaving.index());
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> runtime.inspect(lost)
                                    .map(ContainerDetails::status)
                                    .orElse(""),
                            "lost"::equals);
            System.out.printf(
                    "swarm: a removed node's container lost %d ms after the removal began%n",
                    (System.nanoTime() - removed) / 1_000_000);
            ContainerDetails details = runtime.inspect(lost).orElseThrow();
            assertThat(details.state().running()).isFalse();
            assertThat(details.state().pid()).isNull();
            assertThat(runtime.listByOwner(owner))
                    .extracting(ContainerSummary::id, ContainerSummary::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(lost, "lost"),
                            org.assertj.core.groups.Tuple.tuple(kept, "running"));
            assertThat(runtime.listManaged())
                    .filteredOn(container -> container.id().equals(lost))
                    .singleElement()
                    .satisfies(container -> assertThat(container.state()).isEqualTo("lost"));

            for (Runnable refused : List.<Runnable>of(
                    () -> runtime.start(lost), () -> runtime.stop(lost, 1), () -> runtime.restart(lost, 1))) {
                assertThatThrownBy(refused::run)
                        .isInstanceOf(EngineContainerLostException.class)
                        .hasMessageContaining("swarm node " + leaving.id() + " is no longer in the swarm");
            }

            runtime.remove(lost);
            assertThat(runtime.inspect(lost)).isEmpty();
            assertThat(services(swarm, lost))
                    .as("its service gone from the swarm")
                    .isEmpty();

            // Its volume is lost too: never made again, empty, on another node; it can only be removed.
            assertThatThrownBy(() -> runtime.volumeUsedBytes(volume)).isInstanceOf(EngineContainerLostException.class);
            assertThatThrownBy(() -> runtime.create(sleeping(owner, volume)))
                    .as("a new container mounting it: refused, nothing made")
                    .isInstanceOf(EngineContainerLostException.class)
                    .hasMessageContaining("volume " + volume + " was on swarm node " + leaving.id());
            assertThat(runtime.listByOwner(owner))
                    .extracting(ContainerSummary::id)
                    .containsExactly(kept);
            assertThat(runtime.removeVolume(volume)).isTrue();
            assertThatCode(() -> runtime.volumeUsedBytes(volume))
                    .as("removed: nothing left to be lost")
                    .doesNotThrowAnyException();
            assertThat(runtime.inspect(kept).orElseThrow().status())
                    .as("a container on another node")
                    .isEqualTo("running");
        } finally {
            swarm.rejoinNode(leaving.index());
            runtime.remove(lost);
            runtime.remove(kept);
            runtime.removeVolume(volume);
            FileSystemUtils.deleteRecursively(images);
        }
        assertThat(swarm.nodes()).hasSize(3);
        assertThat(swarm.node(leaving.index()).id())
                .as("joined again as a new node")
                .isNotEqualTo(leaving.id());
    }

    /**
     * A restart of the service is a new adapter with nothing cached: it finds every container where it was, in the
     * state it was, and reaches the running one through its node's engine.
     */
    @Test
    void shouldFindEveryContainerWhereItWasFromANewAdapter() throws Exception {
        LocalSwarm swarm = LocalSwarm.shared();
        SwarmContainerRuntime before = SwarmTestRuntime.of(swarm);
        long owner = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        String running = startedOn(swarm, before, owner, swarm.node(2).id());
        String stopped = startedOn(swarm, before, owner, swarm.node(3).id());
        before.stop(stopped, 1);
        String created = before.create(new ContainerSpec(
                owner, UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sh", "-c", SLEEPS), List.of()));
        try {
            SwarmContainerRuntime after = SwarmTestRuntime.of(swarm);
            assertThat(after.listByOwner(owner))
                    .extracting(ContainerSummary::id, ContainerSummary::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(running, "running"),
                            org.assertj.core.groups.Tuple.tuple(stopped, "exited"),
                            org.assertj.core.groups.Tuple.tuple(created, "created"));
            assertThat(ExecProbes.exec(after, running, List.of("hostname")).exitCode())
                    .isZero();
            after.start(stopped);
            assertThat(SwarmTestRuntime.services(swarm, stopped).getFirst().toString())
                    .as("started again on the node it was pinned to")
                    .contains("node.id==" + swarm.node(3).id());
            assertThat(after.inspect(stopped).orElseThrow().status()).isEqualTo("running");
        } finally {
            before.remove(running);
            before.remove(stopped);
            before.remove(created);
        }
    }

    private static String startedOn(LocalSwarm swarm, SwarmContainerRuntime runtime, long owner, String nodeId) {
        return startedOn(swarm, runtime, owner, nodeId, null);
    }

    /** A container that sleeps until TERM, with this volume at /data (if any). */
    private static ContainerSpec sleeping(long owner, @Nullable UUID volume) {
        return new ContainerSpec(
                owner,
                UUID.randomUUID(),
                IntegrationTest.TEST_IMAGE,
                List.of("sh", "-c", SLEEPS),
                List.of(),
                null,
                null,
                volume == null ? List.of() : List.of(new VolumeMount(volume, "/data", false)));
    }

    /** A container pinned to this node and started there, with this volume at /data (if any). */
    private static String startedOn(
            LocalSwarm swarm, SwarmContainerRuntime runtime, long owner, String nodeId, @Nullable UUID volume) {
        String id = runtime.create(sleeping(owner, volume));
        SwarmTestRuntime.placeOn(swarm, id, nodeId);
        runtime.start(id);
        assertThat(runtime.inspect(id).orElseThrow().status()).isEqualTo("running");
        return id;
    }

    private static List<JsonNode> services(LocalSwarm swarm, String id) {
        return SwarmTestRuntime.services(swarm, id);
    }
}
