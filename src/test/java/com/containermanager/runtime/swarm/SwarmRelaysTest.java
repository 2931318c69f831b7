package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.RelaySettings;
import com.containermanager.runtime.docker.EngineApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SwarmRelaysTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> OURS =
            Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.INSTALLATION, "inst");
    private static final SwarmRelays RELAYS = new SwarmRelays(
            EngineApi.of("unix:///nowhere/docker.sock", false, Path.of("")),
            OURS,
            new RelaySettings("cm-relay:1", "10.212.0.0/16"),
            Set::of);

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private static Map<String, Object> attachment(
            String name, Map<String, String> labels, String subnet, String address) {
        return Map.of(
                "Network",
                Map.of(
                        "Spec",
                        Map.of("Name", name, "Labels", labels),
                        "IPAMOptions",
                        Map.of("Configs", List.of(Map.of("Subnet", subnet, "Gateway", "x")))),
                "Addresses",
                List.of(address));
    }

    @Test
    void shouldFindTheTasksAddressOnAUserOverlayOfThisInstallationOnly() {
        Map<String, String> users = Map.of(ContainerLabels.INSTALLATION, "inst", ContainerLabels.OWNER, "7");
        JsonNode task = json(Map.of(
                "NetworksAttachments",
                List.of(
                        attachment("ingress", Map.of(), "10.0.0.0/24", "10.0.0.5/24"),
                        attachment(
                                "cm-other-u7",
                                Map.of(ContainerLabels.INSTALLATION, "other", ContainerLabels.OWNER, "7"),
                                "10.213.9.0/26",
                                "10.213.9.2/26"),
                        attachment("cm-inst-u7", users, "10.213.0.0/26", "10.213.0.3/26"))));
        assertThat(RELAYS.target(task))
                .contains(new SwarmRelays.Target(7, "cm-inst-u7", "10.213.0.0/26", "10.213.0.3"));
        assertThat(RELAYS.target(json(Map.of("NetworksAttachments", List.of()))))
                .as("on no user overlay")
                .isEmpty();
        assertThat(RELAYS.target(json(Map.of()))).isEmpty();
    }

    @Test
    void shouldMakeAHardenedRelayServicePublishedOnItsNode() {
        JsonNode spec = json(RELAYS.spec(
                "cm-inst-u7-relay",
                new SwarmRelays.Target(7, "cm-inst-u7", "10.213.0.0/26", "10.213.0.3"),
                "cm-inst-relays"));
        assertThat(spec.at("/Labels/" + SwarmRelays.LABEL).asString()).isEqualTo("7");
        assertThat(spec.at("/Labels/" + ContainerLabels.OWNER).isMissingNode())
                .as("nobody's container")
                .isTrue();
        JsonNode container = spec.at("/TaskTemplate/ContainerSpec");
        assertThat(container.path("Image").asString()).isEqualTo("cm-relay:1");
        assertThat(container.path("User").asString()).isEqualTo("65534:65534");
        assertThat(container.path("ReadOnly").asBoolean()).isTrue();
        assertThat(container.path("CapabilityDrop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(container.at("/Sysctls/net.ipv4.ip_forward").asString()).isEqualTo("0");
        assertThat(container.path("Env").toString()).contains("CM_SUBNET=10.213.0.0/26");
        assertThat(spec.at("/TaskTemplate/Resources/Limits/MemoryBytes").asLong())
                .isEqualTo(32L * 1024 * 1024);
        assertThat(spec.at("/TaskTemplate/RestartPolicy/Condition").asString()).isEqualTo("on-failure");
        assertThat(spec.at("/TaskTemplate/Networks").toString()).contains("\"cm-inst-u7\"", "\"cm-inst-relays\"");
        assertThat(spec.at("/Mode/Replicated/Replicas").asInt()).isEqualTo(1);
        assertThat(spec.at("/EndpointSpec/Mode").asString()).isEqualTo("dnsrr");
        assertThat(spec.at("/EndpointSpec/Ports/0/PublishMode").asString()).isEqualTo("host");
        assertThat(spec.at("/EndpointSpec/Ports/0/TargetPort").asInt()).isEqualTo(SwarmRelays.PORT);
        assertThat(spec.at("/EndpointSpec/Ports/0/PublishedPort").isMissingNode())
                .as("the node picks the port")
                .isTrue();
    }

    @Test
    void shouldTakeTheNodesJoinAddressOrAManagersOwn() {
        assertThat(SwarmRelays.addressOf(json(Map.of("Status", Map.of("Addr", "192.168.213.12")))))
                .isEqualTo("192.168.213.12");
        assertThat(SwarmRelays.addressOf(json(
                        Map.of("Status", Map.of("Addr", "0.0.0.0"), "ManagerStatus", Map.of("Addr", "10.1.2.3:2377")))))
                .isEqualTo("10.1.2.3");
        assertThat(SwarmRelays.addressOf(json(Map.of("Status", Map.of("Addr", "0.0.0.0")))))
                .isEmpty();
    }

    @Test
    void shouldTakeTheFirstFreeBlockOfTheRelayRange() {
        assertThat(SwarmRelays.freeBlock("10.212.0.0/16", Set.of())).contains("10.212.0.0/24");
        assertThat(SwarmRelays.freeBlock("10.212.0.0/16", Set.of("10.212.0.0/23", "10.212.2.128/25")))
                .contains("10.212.3.0/24");
        assertThat(SwarmRelays.freeBlock("10.212.0.0/24", Set.of("10.0.0.0/8"))).isEmpty();
    }

    private static EngineApi.Answer answer(int status, String message) {
        Map<String, String> body = Map.of("message", message);
        return new EngineApi.Answer(status, json(body), JSON.writeValueAsString(body));
    }

    @Test
    void shouldTakeANameConflictAsARacingInstancesCreation() {
        assertThat(SwarmRelays.nameTaken(answer(409, "conflict"))).isTrue();
        assertThat(SwarmRelays.nameTaken(
                        answer(500, "rpc error: code = Unknown desc = name conflicts with an existing object")))
                .isTrue();
        assertThat(SwarmRelays.nameTaken(answer(500, "boom"))).isFalse();
        assertThat(SwarmRelays.nameTaken(answer(201, ""))).isFalse();
    }
}
