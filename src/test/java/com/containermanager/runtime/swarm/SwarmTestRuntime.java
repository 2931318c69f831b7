package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.runtime.RegistrySettings;
import com.containermanager.runtime.RelaySettings;
import com.containermanager.runtime.VolumeLimit;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import com.containermanager.runtime.docker.EngineApi;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.LocalSwarm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/** The Swarm adapter on the test JVM's swarm, with the tests' settings: what the swarm's adapter tests drive. */
final class SwarmTestRuntime {

    static final String INSTALLATION = "swarm-it";

    private SwarmTestRuntime() {}

    /** The settings of the tests' runtimes: the manager as docker.host, this run's label, small containers. */
    static DockerSettings settings(LocalSwarm swarm) {
        return new DockerSettings(
                swarm.managerHost(),
                Map.of(IntegrationTest.TEST_LABEL, IntegrationTest.RUN_ID),
                DataSize.ofMegabytes(64),
                256,
                "none",
                Duration.ofSeconds(30),
                0.1,
                false,
                DataSize.ofMegabytes(10),
                2,
                false,
                null);
    }

    /** The Docker adapter on the manager's engine, as the Swarm adapter uses it. */
    static DockerContainerRuntime manager(DockerSettings settings) {
        return new DockerContainerRuntime(
                settings, new RegistryPolicy(new RegistrySettings(List.of("docker.io"), null)), INSTALLATION);
    }

    /** The swarm's services of this container (of our id): one, or none once removed. */
    static List<JsonNode> services(LocalSwarm swarm, String id) {
        String filters = EngineApi.filters(Map.of("label", List.of(SwarmContainerRuntime.ID + "=" + id)));
        return SwarmSpecs.elements(swarm.managerEngine()
                .call("GET", "/services?filters=" + filters, null, EngineApi.QUICK)
                .json());
    }

    /** Pins a container that has not started yet to this node, as its first start would: the test picks the node. */
    static void placeOn(LocalSwarm swarm, String id, String nodeId) {
        JsonNode service = services(swarm, id).getFirst();
        Map<String, Object> spec = SwarmSpecs.mutable(service.path("Spec"));
        SwarmSpecs.pin(spec, nodeId);
        EngineApi.Answer updated = swarm.managerEngine()
                .call(
                        "POST",
                        "/services/" + service.path("ID").asString() + "/update?version="
                                + service.path("Version").path("Index").asLong(),
                        spec,
                        EngineApi.QUICK);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
    }

    static SwarmContainerRuntime of(LocalSwarm swarm) {
        DockerSettings settings = settings(swarm);
        return new SwarmContainerRuntime(settings, INSTALLATION, manager(settings), swarm.nodeHosts());
    }

    /** The default relay settings. */
    static final RelaySettings RELAYS = new RelaySettings("cm-relay:1", "10.212.0.0/16");

    /** With hard volumes: their file system images in this directory. */
    static SwarmContainerRuntime withVolumes(LocalSwarm swarm, String installation, Path volumes) {
        return withVolumes(swarm, installation, volumes, VolumeLimit.HARD);
    }

    /** With volumes of this limit (soft: each node engine's own, nothing in the directory). */
    static SwarmContainerRuntime withVolumes(LocalSwarm swarm, String installation, Path volumes, VolumeLimit limit) {
        DockerSettings settings = settings(swarm);
        return new SwarmContainerRuntime(
                settings, installation, manager(settings), swarm.nodeHosts(), RELAYS, volumes, limit);
    }
}
