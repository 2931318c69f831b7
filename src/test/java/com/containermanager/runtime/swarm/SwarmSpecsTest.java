package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerSize;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.NetworkAttachment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SwarmSpecsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DockerSettings SETTINGS = new DockerSettings(
            "unix:///x.sock",
            Map.of(),
            DataSize.ofMegabytes(256),
            128,
            "none",
            Duration.ofSeconds(30),
            0.5,
            false,
            DataSize.ofMegabytes(10),
            2,
            false,
            null);

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    @Test
    void shouldMakeStableLookingIdsOfSixtyFourHexNeverTheSame() {
        String one = SwarmSpecs.newId();
        assertThat(one).matches("[0-9a-f]{64}").isNotEqualTo(SwarmSpecs.newId());
    }

    @Test
    void shouldReadTheImagesExposedTcpPortsOnly() {
        JsonNode image = json(Map.of(
                "Config",
                Map.of("ExposedPorts", Map.of("8000/tcp", Map.of(), "53/udp", Map.of(), "80/tcp", Map.of(), "x", ""))));
        assertThat(SwarmSpecs.exposedTcpPorts(image)).containsExactly(80, 8000);
        assertThat(SwarmSpecs.exposedTcpPorts(json(Map.of("Config", Map.of())))).isEmpty();
    }

    @Test
    void shouldWriteAServiceOfNoTaskWithOurLabelsLimitsReservationsAndNoRestart() {
        UUID job = UUID.randomUUID();
        ContainerSpec spec = new ContainerSpec(
                3, job, "busybox:1", List.of("sleep", "9"), List.of("A=1"), new ContainerSize(2, 1 << 30, 64, 0, true));
        JsonNode service =
                json(SwarmSpecs.service(spec, "ab".repeat(32), Map.of(ContainerLabels.OWNER, "3"), SETTINGS));

        assertThat(service.path("Name").asString()).isEqualTo("cm-" + job);
        assertThat(service.at("/Mode/Replicated/Replicas").asInt(-1)).isZero();
        assertThat(service.at("/Labels/container-manager.id").asString()).isEqualTo("ab".repeat(32));
        JsonNode task = service.path("TaskTemplate");
        assertThat(task.at("/ContainerSpec/Labels/container-manager.owner").asString())
                .isEqualTo("3");
        assertThat(task.at("/ContainerSpec/Labels/container-manager.id").asString())
                .isEqualTo("ab".repeat(32));
        assertThat(task.at("/ContainerSpec/Args").toString()).isEqualTo("[\"sleep\",\"9\"]");
        assertThat(task.at("/ContainerSpec/ReadOnly").asBoolean()).isTrue();
        assertThat(task.at("/ContainerSpec/StopGracePeriod").asLong()).isEqualTo(2_000_000_000L);
        assertThat(task.at("/Resources/Limits/NanoCPUs").asLong()).isEqualTo(2_000_000_000L);
        assertThat(task.at("/Resources/Limits/Pids").asLong()).isEqualTo(64);
        assertThat(task.at("/Resources/Reservations/MemoryBytes").asLong()).isEqualTo(1 << 30);
        assertThat(task.at("/RestartPolicy/Condition").asString()).isEqualTo("none");
        assertThat(service.at("/EndpointSpec/Mode").asString()).isEqualTo("dnsrr");
    }

    @Test
    void shouldAttachTheServiceToTheUsersNetworkWithItsNameAsAliasOnlyWhenItHasOne() {
        UUID job = UUID.randomUUID();
        ContainerSpec onNetwork = new ContainerSpec(
                3, job, "busybox:1", List.of(), List.of(), null, new NetworkAttachment("cm-x-u3", "web"));
        JsonNode task =
                json(SwarmSpecs.service(onNetwork, "a", Map.of(), SETTINGS)).path("TaskTemplate");
        assertThat(task.at("/Networks").toString()).isEqualTo("[{\"Target\":\"cm-x-u3\",\"Aliases\":[\"web\"]}]");

        ContainerSpec noAlias =
                new ContainerSpec(3, job, "busybox:1", List.of(), List.of(), null, new NetworkAttachment("n", null));
        assertThat(json(SwarmSpecs.service(noAlias, "a", Map.of(), SETTINGS))
                        .at("/TaskTemplate/Networks")
                        .toString())
                .isEqualTo("[{\"Target\":\"n\"}]");
        assertThat(json(SwarmSpecs.service(
                                new ContainerSpec(3, job, "busybox:1", List.of(), List.of()), "a", Map.of(), SETTINGS))
                        .at("/TaskTemplate/Networks")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void shouldTellAnAllocatedOverlayFromOneTheSwarmDidNotGiveItsSubnet() {
        assertThat(SwarmNetworks.allocated(json(Map.of(
                        "Driver", "overlay", "IPAM", Map.of("Config", List.of(Map.of("Subnet", "10.213.0.0/26")))))))
                .isTrue();
        // As 20.10 shows a network whose subnet overlapped another overlay's: accepted, never allocated.
        Map<String, Object> unallocated = new java.util.HashMap<>();
        unallocated.put("Driver", "");
        unallocated.put("IPAM", java.util.Collections.singletonMap("Config", null));
        assertThat(SwarmNetworks.allocated(json(unallocated))).isFalse();
    }

    @Test
    void shouldRefuseGpusClearly() {
        ContainerSpec spec = new ContainerSpec(
                3, UUID.randomUUID(), "busybox:1", List.of(), List.of(), new ContainerSize(1, 1 << 30, 64, 1, false));
        assertThatThrownBy(() -> SwarmSpecs.service(spec, "a", Map.of(), SETTINGS))
                .isInstanceOf(EngineRefusedException.class)
                .hasMessage("not supported by the swarm runtime yet: GPUs");
    }

    @Test
    void shouldScaleForcePinAndReadThePinBack() {
        Map<String, Object> spec = SwarmSpecs.mutable(json(
                Map.of("Name", "x", "Mode", Map.of("Replicated", Map.of("Replicas", 0)), "TaskTemplate", Map.of())));
        SwarmSpecs.setReplicas(spec, 1);
        SwarmSpecs.forceUpdate(spec);
        SwarmSpecs.forceUpdate(spec);
        SwarmSpecs.pin(spec, "node1");
        JsonNode service = json(Map.of("Spec", spec));

        assertThat(SwarmSpecs.replicas(service)).isEqualTo(1);
        assertThat(service.at("/Spec/TaskTemplate/ForceUpdate").asLong()).isEqualTo(2);
        assertThat(SwarmSpecs.pinnedNode(service)).contains("node1");
        assertThat(SwarmSpecs.pinnedNode(json(Map.of("Spec", Map.of())))).isEmpty();
    }

    private static JsonNode task(String created, String state, Integer exitCode) {
        return json(Map.of(
                "ID",
                created,
                "CreatedAt",
                created,
                "Status",
                Map.of("State", state, "ContainerStatus", Map.of("ExitCode", exitCode))));
    }

    @Test
    void shouldTellTheStateFromTheNewestTaskOrFromThePinWhenThereIsNone() {
        JsonNode fresh = json(Map.of("Spec", Map.of("Name", "cm-x")));
        JsonNode pinned = json(Map.of(
                "Spec",
                Map.of(
                        "Name",
                        "cm-x",
                        "TaskTemplate",
                        Map.of("Placement", Map.of("Constraints", List.of("node.id==n"))))));

        assertThat(SwarmSpecs.stateOf(fresh, List.of())).isEqualTo("created");
        assertThat(SwarmSpecs.stateOf(pinned, List.of())).isEqualTo("exited");
        List<JsonNode> tasks =
                List.of(task("2026-01-01T00:00:01.5Z", "running", 0), task("2026-01-01T00:00:00Z", "complete", 0));
        assertThat(SwarmSpecs.stateOf(pinned, tasks)).isEqualTo("running");
        assertThat(SwarmSpecs.stateOf(pinned, List.of(task("2026-01-01T00:00:00Z", "preparing", 0))))
                .isEqualTo("created");
        assertThat(SwarmSpecs.details(pinned, tasks).state().running()).isTrue();
        assertThat(SwarmSpecs.details(pinned, List.of(task("2026-01-01T00:00:00Z", "failed", 3)))
                        .state()
                        .exitCode())
                .isEqualTo(3);
    }

    @Test
    void shouldReadOurServicesAsManagedContainersAndLeaveOthersAlone() {
        UUID job = UUID.randomUUID();
        JsonNode ours = json(Map.of(
                "CreatedAt",
                "2026-01-01T00:00:00Z",
                "Spec",
                Map.of(
                        "Labels",
                        Map.of(
                                ContainerLabels.OWNER,
                                "5",
                                ContainerLabels.JOB,
                                job.toString(),
                                SwarmContainerRuntime.ID,
                                "cd".repeat(32)))));
        assertThat(SwarmSpecs.managed(ours, List.of(task("2026-01-01T00:00:01Z", "complete", 4))))
                .contains(new ManagedContainer(
                        "cd".repeat(32), 5, job, Instant.parse("2026-01-01T00:00:00Z"), "exited", 4L));
        assertThat(SwarmSpecs.managed(json(Map.of("Spec", Map.of("Labels", Map.of()))), List.of()))
                .isEmpty();
    }

    @Test
    void shouldTellNodeUnavailableWhenTheContainersNodeIsNotReadyAndItsStateOtherwise() {
        JsonNode nodes = json(List.of(
                Map.of("ID", "n1", "Status", Map.of("State", "ready")),
                Map.of("ID", "n2", "Status", Map.of("State", "down")),
                Map.of("ID", "n3", "Status", Map.of("State", "unknown"))));
        SwarmSpecs.NodeView unavailable = SwarmSpecs.NodeView.of(nodes);
        assertThat(unavailable.unavailable()).containsExactlyInAnyOrder("n2", "n3");

        JsonNode pinnedToN2 = json(Map.of(
                "Spec",
                Map.of(
                        "Name",
                        "cm-x",
                        "TaskTemplate",
                        Map.of("Placement", Map.of("Constraints", List.of("node.id==n2"))))));
        Map<String, Object> onN2 = new java.util.HashMap<>(Map.of(
                "ID",
                "t",
                "CreatedAt",
                "2026-01-01T00:00:00Z",
                "NodeID",
                "n2",
                "Status",
                Map.of("State", "running", "ContainerStatus", Map.of("ExitCode", 0, "PID", 42))));
        List<JsonNode> running = List.of(json(onN2));
        assertThat(SwarmSpecs.nodeOf(pinnedToN2, running)).contains("n2");
        assertThat(SwarmSpecs.nodeOf(pinnedToN2, List.of()))
                .as("stopped: its pin")
                .contains("n2");
        assertThat(SwarmSpecs.nodeOf(json(Map.of("Spec", Map.of())), List.of())).isEmpty();

        // A crashed node's task stays running in the manager's view: the state is node_unavailable, not running.
        assertThat(SwarmSpecs.stateOf(pinnedToN2, running, unavailable)).isEqualTo("node_unavailable");
        assertThat(SwarmSpecs.stateOf(pinnedToN2, List.of(), unavailable)).isEqualTo("node_unavailable");
        var details = SwarmSpecs.details(pinnedToN2, running, unavailable);
        assertThat(details.status()).isEqualTo("node_unavailable");
        assertThat(details.state().running()).isFalse();
        assertThat(details.state().pid()).isNull();
        assertThat(SwarmSpecs.stateOf(
                        pinnedToN2, running, new SwarmSpecs.NodeView(Set.of("n1", "n2", "n3"), Set.of("n3"), Map.of())))
                .isEqualTo("running");
        assertThat(SwarmSpecs.stateOf(json(Map.of("Spec", Map.of())), List.of(), unavailable))
                .as("never started: on no node")
                .isEqualTo("created");

        // A node no longer in the swarm at all: lost, whether its task was running or it was stopped on it.
        SwarmSpecs.NodeView withoutN2 = SwarmSpecs.NodeView.of(json(List.of(
                Map.of("ID", "n1", "Status", Map.of("State", "ready")),
                Map.of("ID", "n3", "Status", Map.of("State", "ready")))));
        assertThat(SwarmSpecs.stateOf(pinnedToN2, running, withoutN2)).isEqualTo("lost");
        assertThat(SwarmSpecs.stateOf(pinnedToN2, List.of(), withoutN2)).isEqualTo("lost");
        assertThat(SwarmSpecs.details(pinnedToN2, running, withoutN2).state().running())
                .isFalse();
        assertThat(SwarmSpecs.stateOf(pinnedToN2, running, SwarmSpecs.NodeView.UNKNOWN))
                .as("the nodes not asked: nothing is taken for lost")
                .isEqualTo("running");
    }

    @Test
    void shouldNameTheNodeOfAManagedContainerByItsHostName() {
        SwarmSpecs.NodeView nodes = SwarmSpecs.NodeView.of(json(List.of(
                Map.of("ID", "n1", "Description", Map.of("Hostname", "alpha"), "Status", Map.of("State", "ready")),
                Map.of("ID", "n2", "Status", Map.of("State", "ready")))));
        Map<String, Object> labels = Map.of(SwarmContainerRuntime.ID, "a".repeat(64), ContainerLabels.OWNER, "7");
        JsonNode onN1 = json(Map.of(
                "Spec",
                Map.of(
                        "Labels",
                        labels,
                        "TaskTemplate",
                        Map.of("Placement", Map.of("Constraints", List.of("node.id==n1"))))));
        JsonNode onN2 = json(Map.of(
                "Spec",
                Map.of(
                        "Labels",
                        labels,
                        "TaskTemplate",
                        Map.of("Placement", Map.of("Constraints", List.of("node.id==n2"))))));
        JsonNode neverStarted = json(Map.of("Spec", Map.of("Labels", labels)));

        assertThat(SwarmSpecs.managed(onN1, List.of(), nodes).orElseThrow().node())
                .isEqualTo("alpha");
        assertThat(SwarmSpecs.managed(onN2, List.of(), nodes).orElseThrow().node())
                .as("no host name: its ID")
                .isEqualTo("n2");
        assertThat(SwarmSpecs.managed(neverStarted, List.of(), nodes)
                        .orElseThrow()
                        .node())
                .as("on no node before its first start")
                .isNull();
    }

    @Test
    void shouldMountUsersVolumesBesideTheReadOnlyModesOwnWithTheDriversOptionsAndLabels() {
        Map<String, Object> spec = SwarmSpecs.mutable(json(SwarmSpecs.service(
                new ContainerSpec(
                        7,
                        UUID.randomUUID(),
                        "busybox",
                        List.of(),
                        List.of(),
                        new ContainerSize(0.5, DataSize.ofMegabytes(64).toBytes(), 64, 0, true)),
                "a".repeat(64),
                Map.of(),
                SETTINGS)));
        assertThat(SwarmSpecs.isPinnedTo(spec, "node9")).isFalse();
        SwarmSpecs.addMounts(
                spec,
                List.of(SwarmSpecs.volumeMount(
                        "cm-volume-1",
                        "/data",
                        true,
                        Map.of(ContainerLabels.OWNER, "7"),
                        Map.of("type", "ext4", "device", "/v/1.dev"))));
        SwarmSpecs.addMounts(spec, List.of());
        JsonNode mounts = json(spec).at("/TaskTemplate/ContainerSpec/Mounts");

        assertThat(mounts).hasSize(3);
        assertThat(mounts.get(0).path("Type").asString()).isEqualTo("tmpfs");
        assertThat(mounts.get(1).path("Target").asString()).isEqualTo("/files");
        JsonNode volume = mounts.get(2);
        assertThat(volume.path("Source").asString()).isEqualTo("cm-volume-1");
        assertThat(volume.path("Target").asString()).isEqualTo("/data");
        assertThat(volume.path("ReadOnly").asBoolean()).isTrue();
        assertThat(volume.at("/VolumeOptions/NoCopy").asBoolean()).isTrue();
        assertThat(volume.at("/VolumeOptions/Labels/" + ContainerLabels.OWNER).asString())
                .isEqualTo("7");
        assertThat(volume.at("/VolumeOptions/DriverConfig/Name").asString()).isEqualTo("local");
        assertThat(volume.at("/VolumeOptions/DriverConfig/Options/device").asString())
                .isEqualTo("/v/1.dev");
        assertThat(SwarmSpecs.volumeSources(spec, "cm-volume-"))
                .as("the users' volumes only, not the anonymous /files one")
                .containsExactly("cm-volume-1");
        assertThat(SwarmSpecs.volumeSources(json(spec), "cm-volume-2")).isEmpty();

        SwarmSpecs.pin(spec, "node9");
        assertThat(SwarmSpecs.isPinnedTo(spec, "node9")).isTrue();
        assertThat(SwarmSpecs.isPinnedTo(spec, "node8")).isFalse();
    }

    @Test
    void shouldFindTheNodeThatCarriesAVolumesLabelAndNameIt() {
        JsonNode nodes = json(List.of(
                Map.of("ID", "n1", "Spec", Map.of("Labels", Map.of("other", "1"))),
                Map.of(
                        "ID",
                        "n2",
                        "Spec",
                        Map.of("Labels", Map.of(SwarmVolumes.NODE_LABEL + "v1", "7")),
                        "Description",
                        Map.of("Hostname", "host-2")),
                Map.of("ID", "n3", "Spec", Map.of())));

        assertThat(SwarmSpecs.nodeLabelled(nodes, SwarmVolumes.NODE_LABEL + "v1"))
                .hasValueSatisfying(node -> {
                    assertThat(node.path("ID").asString()).isEqualTo("n2");
                    assertThat(SwarmSpecs.nodeName(node)).isEqualTo("host-2");
                });
        assertThat(SwarmSpecs.nodeLabelled(nodes, SwarmVolumes.NODE_LABEL + "v2"))
                .isEmpty();
        assertThat(SwarmSpecs.nodeName(nodes.get(0))).as("no host name: its ID").isEqualTo("n1");
    }
}
