package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.runtime.docker.EngineApi;
import com.containermanager.runtime.swarm.SwarmContainerRuntime;
import com.containermanager.support.ApiClient;
import com.containermanager.support.LocalSwarm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The container contract ({@link ContainerContract}) under {@code runtime.kind: swarm}, on the test JVM's real
 * three-node swarm ({@link LocalSwarm}): the manager's engine as {@code docker.host}, each node's engine named in
 * {@code runtime.swarm.nodes}, and no {@code containers.network}, so that each user gets an overlay.
 */
class SwarmContainerContractIT extends ContainerContract {

    @DynamicPropertySource
    static void onTheSwarm(DynamicPropertyRegistry registry) {
        LocalSwarm.registerRuntime(registry);
    }

    /** The suite's containers are the swarm's services, not the local engine's containers. */
    @Test
    void shouldRunTheUsersContainersAsServicesOfTheSwarm() {
        ApiClient.Session user = api.newUser("contract-swarm");
        String id = createContainer(user, List.of("true"));
        String filters = EngineApi.filters(Map.of("label", List.of(SwarmContainerRuntime.ID + "=" + id)));
        assertThat(LocalSwarm.shared()
                        .managerEngine()
                        .call("GET", "/services?filters=" + filters, null, EngineApi.QUICK)
                        .json()
                        .size())
                .isEqualTo(1);
        assertThat(containersInEngineOf(user)).as("none on the local engine").isEmpty();
    }

    /** An admin sees which node each container is on: the one whose own engine runs its task. */
    @Test
    void shouldShowAdminsTheNodeOfEachContainer() {
        ApiClient.Session user = api.newUser("contract-node");
        ApiClient.Session admin = newAdmin("contract-node-admin");
        String created = createContainer(user, List.of("sleep", "600"));
        String started = startedContainer(user, List.of("sleep", "600"));
        List<String> running = LocalSwarm.shared().nodesRunning(started);
        assertThat(running).hasSize(1);

        JsonNode listed = api.get("/admin/containers?owner=" + user.userId(), admin.token())
                .json();
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        listed.forEach(container -> byId.put(container.get("id").asString(), container));
        assertThat(byId.get(started).get("node").asString()).isEqualTo(running.getFirst());
        assertThat(byId.get(created).has("node"))
                .as("before its first start it is on no node")
                .isFalse();

        JsonNode nodes =
                api.get("/admin/cluster", admin.token()).json().get("engine").get("nodes");
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        nodes.forEach(node -> byName.put(node.get("name").asString(), node));
        assertThat(byName.keySet())
                .containsExactlyInAnyOrderElementsOf(LocalSwarm.shared().nodes().stream()
                        .map(LocalSwarm.Node::name)
                        .toList());
        assertThat(byName.values())
                .allSatisfy(node -> assertThat(node.get("state").asString()).isEqualTo("ready"));
        assertThat(byName.values().stream()
                        .filter(node -> node.get("role").asString().equals("manager")))
                .hasSize(1);
        assertThat(byName.get(running.getFirst()).get("containers").asLong())
                .as("the started container counts on its node")
                .isPositive();
    }

    /** What the tests left on the swarm: services first, then the users' overlays they were on. */
    @AfterEach
    void removeTestServices() {
        LocalSwarm.shared().removeLabelled(TEST_LABEL, RUN_ID);
    }
}
