package com.containermanager.appproxy;

import static com.containermanager.appproxy.AppContainers.browser;
import static com.containermanager.appproxy.AppContainers.cookieFrom;
import static com.containermanager.appproxy.AppContainers.origin;
import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.platform.Installation;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The relays through which the proxy reaches containers on networks without egress (the default): one per user
 * network, nobody's container in the API, refusing any target outside its user's network, beside a network that
 * user containers never reach, and gone with the user's networks. Traffic goes only to the test's own containers,
 * the relays the service made for them, and the service itself. The same settings as AppProxyIT (one context).
 */
@TestPropertySource(
        properties = {
            "proxy.max_connections_per_user=3",
            "proxy.max_share_lifetime=7d",
            "proxy.max_body=1MB",
            "lifecycle.activity_write_interval=200ms"
        })
class AppRelayIT extends IntegrationTest {

    private static final int RELAY_PORT = 7070;

    @Autowired
    private Installation installation;

    /** The user's app started and opened once (which makes the relay); answers its container's id. */
    private String openedApp(ApiClient.Session user) {
        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", AppContainers.CMD, "name", "web"));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        ApiClient.Response opened = api.post("/containers/web/ports/8000/open", "{}", user.token());
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        HttpClient browser = browser(port);
        String url = opened.json().get("url").asString();
        AppContainers.awaitServing(browser, origin(url), cookieFrom(browser, url));
        return id;
    }

    private List<String> relaysOf(ApiClient.Session user) {
        return EngineFixture.containersLabelled(Map.of(
                "container-manager.relay",
                user.userId(),
                ContainerLabels.INSTALLATION,
                installation.id().toString()));
    }

    private static InspectContainerResponse inspect(String id) {
        return EngineFixture.docker().inspectContainerCmd(id).exec();
    }

    /** The relay's address on the relay network (the one the host is on). */
    private String relayAddress(String relay) {
        return inspect(relay)
                .getNetworkSettings()
                .getNetworks()
                .get("cm-" + installation.id() + "-relays")
                .getIpAddress();
    }

    /** The host's address on the relay network: its gateway. */
    private String hostOnRelayNetwork() {
        var network = EngineFixture.docker()
                .inspectNetworkCmd()
                .withNetworkId("cm-" + installation.id() + "-relays")
                .exec();
        String subnet = network.getIpam().getConfig().getFirst().getSubnet();
        String gateway = network.getIpam().getConfig().getFirst().getGateway();
        if (gateway != null && !gateway.isBlank()) {
            return gateway;
        }
        String base = subnet.substring(0, subnet.indexOf('/'));
        return base.substring(0, base.lastIndexOf('.') + 1)
                + (Integer.parseInt(base.substring(base.lastIndexOf('.') + 1)) + 1);
    }

    private static String addressOn(String container, String networkPrefix) {
        return inspect(container).getNetworkSettings().getNetworks().entrySet().stream()
                .filter(network -> network.getKey().startsWith(networkPrefix))
                .map(Map.Entry::getValue)
                .map(ContainerNetwork::getIpAddress)
                .findFirst()
                .orElseThrow();
    }

    /**
     * What the relay answers to this header line (and a request after it), until it closes: a refusal closes with the
     * request unread, which the host's stack may turn into a reset rather than an end.
     */
    private static byte[] ask(String relay, String header) throws Exception {
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        try (Socket socket = new Socket(relay, RELAY_PORT)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((header + "GET /index.html HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] piece = new byte[4096];
            for (int n = in.read(piece); n >= 0; n = in.read(piece)) {
                answer.write(piece, 0, n);
            }
        } catch (java.net.SocketException e) {
            assertThat(e.getMessage()).contains("reset");
        }
        return answer.toByteArray();
    }

    @Test
    void eachUsersNetworkGetsARelayThatIsNobodysContainerAndGoesWithTheNetworks() {
        ApiClient.Session admin = newAdmin("relay-admin");
        ApiClient.Session alice = api.newUser("relay-a");
        ApiClient.Session bob = api.newUser("relay-b");
        openedApp(alice);
        openedApp(bob);

        List<String> alices = relaysOf(alice);
        List<String> bobs = relaysOf(bob);
        assertThat(alices).hasSize(1);
        assertThat(bobs).hasSize(1).doesNotContainAnyElementsOf(alices);
        InspectContainerResponse relay = inspect(alices.getFirst());
        assertThat(relay.getState().getRunning()).isTrue();
        assertThat(relay.getConfig().getLabels())
                .doesNotContainKey(ContainerLabels.OWNER)
                .containsEntry(TEST_LABEL, RUN_ID)
                .containsEntry(ContainerLabels.MANAGED, "true");
        assertThat(relay.getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(relay.getHostConfig().getCapDrop())
                .extracting(Object::toString)
                .contains("ALL");
        assertThat(relay.getConfig().getUser()).isEqualTo("65534:65534");
        assertThat(relay.getNetworkSettings().getNetworks())
                .containsOnlyKeys(
                        "cm-" + installation.id() + "-u" + alice.userId(), "cm-" + installation.id() + "-relays");

        // Not the user's: the orphan sweeper's and the feed's list of managed containers leaves it out (so neither
        // removes nor reports it), and their list, their counts, show the one container they made.
        assertThat(runtime.listManaged())
                .extracting(com.containermanager.runtime.ManagedContainer::id)
                .isNotEmpty()
                .doesNotContain(alices.getFirst());
        JsonNode listed = api.get("/containers", alice.token()).json();
        assertThat(listed.size()).as(listed.toString()).isOne();
        JsonNode usage = api.get("/users/me", alice.token()).json().get("usage");
        assertThat(usage.get("containers").get("used").asLong()).isOne();
        assertThat(usage.get("running_containers").get("used").asLong()).isOne();

        // The user deleted: the relay goes before the network it is on, and bob's stays.
        ApiClient.Response accepted = api.delete("/admin/users/" + alice.userId(), admin.token());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode job = awaitJob(admin, accepted.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(relaysOf(alice)).isEmpty();
        assertThat(EngineFixture.networksLabelled(Map.of(
                        ContainerLabels.OWNER,
                        alice.userId(),
                        ContainerLabels.INSTALLATION,
                        installation.id().toString())))
                .isEmpty();
        assertThat(relaysOf(bob)).isEqualTo(bobs);
    }

    @Test
    void theRelayServesOnlyItsUsersNetworkAndOnlyFromTheRelayNetwork() throws Exception {
        ApiClient.Session alice = api.newUser("relay-a");
        ApiClient.Session bob = api.newUser("relay-b");
        String alicesApp = openedApp(alice);
        String bobsApp = openedApp(bob);
        String relay = relaysOf(alice).getFirst();
        String relayAddress = relayAddress(relay);
        String alicesAddress = addressOn(alicesApp, "cm-" + installation.id() + "-u");
        String bobsAddress = addressOn(bobsApp, "cm-" + installation.id() + "-u");
        String host = hostOnRelayNetwork();

        // Its own user's container: the ready byte, then the app's answer.
        String served = new String(ask(relayAddress, alicesAddress + " 8000\n"), StandardCharsets.ISO_8859_1);
        assertThat(served).startsWith("OHTTP/1.").contains("hello from the app");
        // Another user's container, the host, a bad line, a port out of range: closed with nothing.
        assertThat(ask(relayAddress, bobsAddress + " 8000\n")).isEmpty();
        assertThat(ask(relayAddress, host + " " + port + "\n")).isEmpty();
        assertThat(ask(relayAddress, "hello\n")).isEmpty();
        assertThat(ask(relayAddress, alicesAddress + " 70000\n")).isEmpty();

        // From alice's container: the relay network and the host on it are out of reach, and the relay's side on
        // her own network answers nothing.
        String relayOnHerNetwork = addressOn(relay, "cm-" + installation.id() + "-u");
        for (String target : List.of(host + " " + port, relayAddress + " " + RELAY_PORT)) {
            JsonNode tried = exec(alice, List.of("sh", "-c", "nc -w 2 " + target + " </dev/null"));
            assertThat(tried.get("exit_code").asInt()).as(target + " " + tried).isNotZero();
        }
        JsonNode inside = exec(
                alice,
                List.of(
                        "sh",
                        "-c",
                        "printf '" + alicesAddress + " 8000\\nGET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 "
                                + relayOnHerNetwork + " " + RELAY_PORT));
        assertThat(inside.get("stdout").asString()).as(inside.toString()).isEmpty();
    }

    @Test
    void instancesRacingForOneRelayShareIt() throws Exception {
        ApiClient.Session alice = api.newUser("relay-race");
        String app = openedApp(alice);
        String relay = relaysOf(alice).getFirst();
        // Gone (as after a crash of the engine's host, or removed by hand): eight callers at once make one again.
        EngineFixture.docker().removeContainerCmd(relay).withForce(true).exec();
        List<com.containermanager.runtime.ContainerRoute> routes = com.containermanager.support.Concurrently.run(
                8, i -> runtime.route(app).orElseThrow());

        List<String> relays = relaysOf(alice);
        assertThat(relays).hasSize(1).doesNotContain(relay);
        String address = relayAddress(relays.getFirst());
        assertThat(routes)
                .allSatisfy(route -> assertThat(route.relayed()).isTrue())
                .extracting(com.containermanager.runtime.ContainerRoute::address)
                .containsOnly(address);
        String served = new String(
                ask(address, addressOn(app, "cm-" + installation.id() + "-u") + " 8000\n"),
                StandardCharsets.ISO_8859_1);
        assertThat(served).startsWith("OHTTP/1.").contains("hello from the app");
    }

    private JsonNode exec(ApiClient.Session user, List<String> cmd) {
        ApiClient.Response ran = api.post("/containers/web/exec", ApiClient.json(Map.of("cmd", cmd)), user.token());
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        return ran.json();
    }
}
