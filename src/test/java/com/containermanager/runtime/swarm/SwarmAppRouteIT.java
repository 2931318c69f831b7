package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.NetworkAttachment;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.runtime.VolumeLimit;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import com.containermanager.runtime.docker.EngineApi;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.LocalSwarm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The app proxy's route under Swarm ({@link SwarmRelays}) against the shared three-node test swarm: the host reaches
 * a user's web app on an internal overlay through that overlay's relay service, published {@code mode=host} on its
 * node's address (the host is on the nodes' LAN: scripts/swarm.sh's host link); the relay refuses another user's
 * task; it goes with the user's networks. As root, with the relay image (make relay-image) pushed to the swarm's
 * registry by scripts/swarm.sh.
 */
class SwarmAppRouteIT {

    private static final String INSTALLATION = "swarm-app-it";
    private static LocalSwarm swarm;
    private static DockerSettings settings;
    private static DockerContainerRuntime manager;
    private static SwarmContainerRuntime runtime;

    @BeforeAll
    static void upSwarm() {
        swarm = LocalSwarm.shared();
        settings = SwarmTestRuntime.settings(swarm);
        manager = SwarmTestRuntime.manager(settings);
        runtime = newInstance();
    }

    /** Another instance of the service on the same swarm (nothing shared but the swarm). */
    private static SwarmContainerRuntime newInstance() {
        return new SwarmContainerRuntime(
                settings, INSTALLATION, manager, swarm.nodeHosts(), SwarmTestRuntime.RELAYS, null, VolumeLimit.HARD);
    }

    private static long newOwner() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    }

    private static EngineApi managerApi() {
        return swarm.managerEngine();
    }

    /** A busybox httpd answering {@code says} on 8080, on this user's network, pinned to this node, started. */
    private static String web(long owner, String network, String nodeId, String says) {
        String id = runtime.create(new ContainerSpec(
                owner,
                UUID.randomUUID(),
                IntegrationTest.TEST_IMAGE,
                List.of(
                        "sh",
                        "-c",
                        "mkdir /www && echo " + says + " > /www/index.html && exec httpd -f -p 8080 -h /www"),
                List.of(),
                null,
                new NetworkAttachment(network, "web")));
        SwarmTestRuntime.placeOn(swarm, id, nodeId);
        runtime.start(id);
        return id;
    }

    /** One HTTP GET through the route: the relay's line, its 'O', then the page; everything the app answered. */
    private static String get(ContainerRoute route, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(route.address(), route.connectPort(port)), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(route.preamble(port));
            out.flush();
            int ready = in.read();
            assertThat(ready).as("the relay's byte once connected").isEqualTo(ContainerRoute.RELAY_READY);
            out.write("GET / HTTP/1.0\r\nHost: app\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * What comes back to the line alone (then the end of what this side sends), until the relay closes: nothing, for
     * a target it refuses.
     */
    private static byte[] answerTo(ContainerRoute route, String line) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(route.address(), route.relayPort()), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(got);
            } catch (SocketException reset) {
                // Closed with unread data: a reset is a close too.
            }
            return got.toByteArray();
        }
    }

    @Test
    void shouldReachAUsersWebAppThroughItsOverlaysRelayAndNoOtherUsersApp() throws Exception {
        long alice = newOwner();
        long bob = alice + 1;
        String node2 = swarm.node(2).id();
        String node3 = swarm.node(3).id();
        String aliceNet = runtime.ensureNetwork(new UserNetwork(alice, false, "10.213.2.0/26"))
                .orElseThrow();
        // Bob's with egress: the host has no address on that overlay either; it gets a relay too.
        String bobNet = runtime.ensureNetwork(new UserNetwork(bob, true, "10.213.2.64/26"))
                .orElseThrow();
        String relay = SwarmRelays.name(aliceNet);
        List<String> ids = new ArrayList<>();
        try {
            String aliceWeb = web(alice, aliceNet, node2, "hello-alice");
            ids.add(aliceWeb);
            String bobWeb = web(bob, bobNet, node3, "hello-bob");
            ids.add(bobWeb);

            // Several instances open alice's app at once: one relay, the same route for all.
            long started = System.nanoTime();
            List<ContainerRoute> routes;
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<CompletableFuture<ContainerRoute>> racing = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    SwarmContainerRuntime instance = i == 0 ? runtime : newInstance();
                    racing.add(CompletableFuture.supplyAsync(
                            () -> instance.route(aliceWeb).orElseThrow(), pool));
                }
                routes = racing.stream().map(CompletableFuture::join).toList();
            } finally {
                pool.shutdownNow();
            }
            long firstRoute = (System.nanoTime() - started) / 1_000_000;
            ContainerRoute route = routes.getFirst();
            assertThat(routes).as("one relay for the racing instances").allMatch(route::equals);
            assertThat(route.running()).isTrue();
            assertThat(route.relayed()).isTrue();
            Set<String> nodeAddresses =
                    swarm.nodes().stream().map(LocalSwarm.Node::address).collect(Collectors.toSet());
            assertThat(nodeAddresses).as("a node's address").contains(route.address());
            assertThat(route.relayPort()).isPositive();
            assertThat(route.relayedTo()).as("alice's task on her overlay").startsWith("10.213.2.");
            JsonNode relays = managerApi()
                    .call(
                            "GET",
                            "/services?filters=" + EngineApi.filters(Map.of("name", List.of(relay))),
                            null,
                            EngineApi.QUICK)
                    .json();
            assertThat(SwarmSpecs.elements(relays)).as("one relay service").hasSize(1);

            JsonNode spec = relays.get(0).path("Spec");
            JsonNode container = spec.path("TaskTemplate").path("ContainerSpec");
            assertThat(container.path("ReadOnly").asBoolean())
                    .as("read-only root")
                    .isTrue();
            assertThat(container.path("CapabilityDrop").toString()).contains("ALL");
            assertThat(container.path("User").asString()).isEqualTo("65534:65534");
            assertThat(container.path("Env").toString()).contains("CM_SUBNET=10.213.2.0/26");
            assertThat(spec.at("/TaskTemplate/Resources/Limits/MemoryBytes").asLong())
                    .isEqualTo(SwarmRelays.MEMORY);
            assertThat(spec.at("/TaskTemplate/RestartPolicy/Condition").asString())
                    .isEqualTo("on-failure");
            assertThat(spec.at("/Mode/Replicated/Replicas").asInt()).isEqualTo(1);
            assertThat(spec.at("/EndpointSpec/Ports/0/PublishMode").asString()).isEqualTo("host");
            assertThat(spec.at("/Labels/" + IntegrationTest.TEST_LABEL).asString())
                    .isEqualTo(IntegrationTest.RUN_ID);

            String page = get(route, 8080);
            assertThat(page).startsWith("HTTP/1.").contains("hello-alice");

            // Latency: a route asked again (the relay is there), and GETs through the relay, each a new connection.
            long again = System.nanoTime();
            ContainerRoute asked = runtime.route(aliceWeb).orElseThrow();
            long routeAgain = (System.nanoTime() - again) / 1_000_000;
            assertThat(asked).isEqualTo(route);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long one = System.nanoTime();
                assertThat(get(route, 8080)).contains("hello-alice");
                micros.add((System.nanoTime() - one) / 1000);
            }
            List<Long> sorted = micros.stream().sorted().toList();
            System.out.printf(
                    "swarm app route: first route (relay made, 3 racing instances) %d ms; again %d ms;"
                            + " GET through the relay (new connection each) median %.2f ms, max %.2f ms%n",
                    firstRoute, routeAgain, sorted.get(sorted.size() / 2) / 1000.0, sorted.getLast() / 1000.0);

            // Bob's app is not alice's relay's: its subnet only.
            ContainerRoute bobRoute = runtime.route(bobWeb).orElseThrow();
            assertThat(bobRoute.relayedTo()).startsWith("10.213.2.");
            assertThat(bobRoute).isNotEqualTo(route);
            assertThat(get(bobRoute, 8080)).as("bob's own relay reaches his").contains("hello-bob");
            assertThat(managerApi()
                            .call("GET", "/services/" + SwarmRelays.name(bobNet), null, EngineApi.QUICK)
                            .json()
                            .at("/Spec/TaskTemplate/ContainerSpec/Env")
                            .toString())
                    .as("bob's relay, on his egress overlay")
                    .contains("CM_SUBNET=10.213.2.64/26");
            assertThat(route.relayKey()).as("the relay's key").matches("[0-9a-f]{32}");
            assertThat(route.toString()).as("the key stays out of logs").doesNotContain(route.relayKey());
            assertThat(answerTo(route, route.relayKey() + " " + bobRoute.relayedTo() + " 8080\n"))
                    .as("alice's relay, asked for bob's task: closed without data")
                    .isEmpty();
            assertThat(answerTo(route, route.relayKey() + " " + route.relayedTo() + " 8080\n"))
                    .as("the same request for alice's own task is answered")
                    .startsWith((byte) ContainerRoute.RELAY_READY);
            // Its port is on its node's address, which other users' containers with egress reach: without the key
            // (or with bob's), nothing.
            assertThat(answerTo(route, route.relayedTo() + " 8080\n"))
                    .as("alice's own task, without the key: closed without data")
                    .isEmpty();
            assertThat(answerTo(route, bobRoute.relayKey() + " " + route.relayedTo() + " 8080\n"))
                    .as("with another relay's key: closed without data")
                    .isEmpty();

            runtime.stop(aliceWeb, 1);
            ContainerRoute stopped = runtime.route(aliceWeb).orElseThrow();
            assertThat(stopped.running()).as("stopped: not running").isFalse();
            assertThat(stopped.reachable()).isFalse();
        } finally {
            ids.forEach(runtime::remove);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(runtime.removeNetworks(alice)).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(runtime.removeNetworks(bob)).isEqualTo(1));
        assertThat(managerApi()
                        .call("GET", "/services/" + relay, null, EngineApi.QUICK)
                        .status())
                .as("the relay went with alice's network")
                .isEqualTo(404);
        assertThat(managerApi()
                        .call("GET", "/networks/" + aliceNet, null, EngineApi.QUICK)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldAnswerUnreachableForATaskOnNoUserNetwork() {
        long owner = newOwner();
        String id = runtime.create(new ContainerSpec(
                owner, UUID.randomUUID(), IntegrationTest.TEST_IMAGE, List.of("sleep", "600"), List.of()));
        try {
            assertThat(runtime.route(id).orElseThrow())
                    .as("created, never started")
                    .isEqualTo(ContainerRoute.unreachable(false));
            runtime.start(id);
            assertThat(runtime.route(id).orElseThrow())
                    .as("running on its node's own bridge: the host has no way there")
                    .isEqualTo(ContainerRoute.unreachable(true));
        } finally {
            runtime.remove(id);
        }
        assertThat(runtime.route(id)).as("removed: unknown").isEmpty();
    }
}
