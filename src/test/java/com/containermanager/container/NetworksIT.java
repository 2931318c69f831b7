package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.auth.Role;
import com.containermanager.platform.Installation;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.containermanager.user.Accounts;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Each user's containers on a network of the user's own (containers.egress is none here: the engine runs with
 * --iptables=false, where only an internal network keeps users apart): one user's containers reach each other by
 * name, another user's reach neither by address nor by name, none reaches the service's ports or its database on the
 * host, and the network goes with its user. Traffic goes only to the test's own containers and the service the
 * test started.
 */
class NetworksIT extends IntegrationTest {

    /** A server that answers every connection with one line, until removed. */
    private static final List<String> SERVER = List.of("nc", "-ll", "-p", "8080", "-e", "echo", "hello");

    private static final List<String> SLEEPER = List.of("sleep", "3600");

    @Autowired
    Installation installation;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    NetworkSettings networkSettings;

    @Autowired
    NetworkAllocations allocations;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void shouldLetAUsersContainersReachEachOtherByNameAndNobodyElse() {
        ApiClient.Session alice = api.newUser("net-a");
        ApiClient.Session bob = api.newUser("net-b");
        String web = started(alice, "web", SERVER);
        String client = started(alice, "client", SLEEPER);
        String intruder = started(bob, "intruder", SLEEPER);

        Map.Entry<String, ContainerNetwork> websNetwork = onlyNetwork(web);
        assertThat(onlyNetwork(client).getKey()).isEqualTo(websNetwork.getKey());
        assertThat(onlyNetwork(intruder).getKey()).isNotEqualTo(websNetwork.getKey());
        assertThat(EngineFixture.docker()
                        .inspectNetworkCmd()
                        .withNetworkId(websNetwork.getKey())
                        .exec()
                        .getInternal())
                .as("egress none: an internal network")
                .isTrue();
        String websAddress = websNetwork.getValue().getIpAddress();
        assertThat(websAddress).startsWith("10.213.");

        // The owner's other container, by name (and by address): the server's line.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(connect(alice, "client", "web", 8080)
                                .get("stdout")
                                .asString())
                        .contains("hello"));
        assertThat(connect(alice, "client", websAddress, 8080).get("stdout").asString())
                .contains("hello");

        // Another user's container: neither by address nor by the name.
        for (String target : List.of(websAddress, "web")) {
            JsonNode tried = connect(bob, "intruder", target, 8080);
            assertThat(tried.get("exit_code").asInt()).as(target + ": " + tried).isNotZero();
            assertThat(tried.get("stdout").asString()).as(target).doesNotContain("hello");
        }
    }

    @Test
    void shouldMakeOneNetworkForConcurrentFirstCreations() throws Exception {
        ApiClient.Session user = api.newUser("net-race");

        // Four creations at once, run by four workers at once: each makes sure the network exists.
        List<JsonNode> jobs = Concurrently.run(
                4, i -> createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", SLEEPER, "name", "c" + i)));

        assertThat(jobs)
                .allSatisfy(job -> assertThat(job.get("status").asString())
                        .as(job.toString())
                        .isEqualTo("completed"));
        List<String> networks = EngineFixture.networksLabelled(Map.of(
                ContainerLabels.OWNER,
                user.userId(),
                ContainerLabels.INSTALLATION,
                installation.id().toString()));
        assertThat(networks).hasSize(1);
        assertThat(jobs)
                .allSatisfy(job -> assertThat(onlyNetwork(
                                        job.get("result").get("container_id").asString())
                                .getKey())
                        .isEqualTo(networks.getFirst()));
        assertThat(subnetsOf(user)).isOne();
    }

    /**
     * Only a user's first creation takes the lock on their network: once it is recorded, later creations make sure of
     * it without queueing there (issue 26). Before, this second creation waited for the lock held here and the job
     * did not finish while it was held.
     */
    @Test
    void shouldCreateWithoutTheNetworksLockOnceTheNetworkIsRecorded() {
        ApiClient.Session user = api.newUser("net-recorded");
        started(user, "first", SLEEPER);
        long userId = Long.parseLong(user.userId());

        JsonNode second = transactions.execute(status -> {
            allocations.lockNetworkOf(userId, false); // held until this transaction ends
            return createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", SLEEPER, "name", "second"));
        });

        assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("completed");
        assertThat(onlyNetwork(second.get("result").get("container_id").asString())
                        .getKey())
                .isEqualTo(onlyNetwork(containerIdOf(user, "first")).getKey());
    }

    private String containerIdOf(ApiClient.Session user, String name) {
        ApiClient.Response found = api.get("/containers/" + name, user.token());
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().get("id").asString();
    }

    @Test
    void shouldSkipEverySubnetAnotherNetworkOnTheEngineHolds() {
        ApiClient.Session user = api.newUser("net-crowded");
        // Other networks on this engine (of another installation, or left by an earlier run) on the next 40 free
        // blocks of the range: more than one engine call per block would be needed to walk past them.
        List<String> foreign = new ArrayList<>();
        try {
            for (String subnet : nextFreeBlocks(40)) {
                try {
                    foreign.add(EngineFixture.docker()
                            .createNetworkCmd()
                            .withName("cm-foreign-" + RUN_ID + "-" + foreign.size())
                            .withLabels(Map.of(TEST_LABEL, RUN_ID))
                            .withInternal(true)
                            .withIpam(new com.github.dockerjava.api.model.Network.Ipam()
                                    .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config()
                                            .withSubnet(subnet)))
                            .exec()
                            .getId());
                } catch (com.github.dockerjava.api.exception.DockerException overlapping) {
                    // Held by another installation's network already (tests of other JVMs share the engine).
                }
            }
            assertThat(foreign).as("foreign networks made").isNotEmpty();

            started(user, "crowded", SLEEPER);

            String subnet = jdbc.sql("select subnet::text from user_networks where user_id = :id")
                    .param("id", Long.parseLong(user.userId()))
                    .query(String.class)
                    .single();
            List<String> held = foreign.stream()
                    .map(id -> EngineFixture.docker()
                            .inspectNetworkCmd()
                            .withNetworkId(id)
                            .exec()
                            .getIpam()
                            .getConfig()
                            .getFirst()
                            .getSubnet())
                    .toList();
            assertThat(held).doesNotContain(subnet);
        } finally {
            foreign.forEach(EngineFixture::removeNetwork);
        }
    }

    /** The lowest blocks of the range that no user of this installation holds, as the service hands them out. */
    private List<String> nextFreeBlocks(int count) {
        return jdbc.sql("""
                        select candidate.subnet::text
                        from (select set_masklen(network(cast(:range as cidr)) + s * :block, :prefix)::cidr as subnet
                              from generate_series(0::bigint, :blocks - 1) s) candidate
                        where not exists (select 1 from user_networks taken where taken.subnet && candidate.subnet)
                        order by candidate.subnet
                        limit :count
                        """)
                .param("range", networkSettings.range())
                .param("block", 1L << (32 - networkSettings.prefix()))
                .param("prefix", networkSettings.prefix())
                .param(
                        "blocks",
                        1L
                                << (networkSettings.prefix()
                                        - Integer.parseInt(networkSettings
                                                .range()
                                                .substring(
                                                        networkSettings.range().indexOf('/') + 1))))
                .param("count", count)
                .query(String.class)
                .list();
    }

    @Test
    void shouldKeepContainersFromTheServicesPortsOnTheHost() throws Exception {
        ApiClient.Session user = api.newUser("net-host");
        String client = started(user, "client", SLEEPER);
        Map.Entry<String, ContainerNetwork> network = onlyNetwork(client);

        TreeSet<String> addresses = new TreeSet<>(hostAddresses());
        // The gateway: the engine's, or else the block's first address, where a bridge with an address has it.
        for (var config : EngineFixture.docker()
                .inspectNetworkCmd()
                .withNetworkId(network.getKey())
                .exec()
                .getIpam()
                .getConfig()) {
            if (config.getGateway() != null && !config.getGateway().isBlank()) {
                addresses.add(config.getGateway());
            }
            addresses.add(firstAddressOf(config.getSubnet()));
        }
        assertThat(addresses).as("the host's addresses").hasSizeGreaterThan(1);

        // The host reaches the API port on these addresses (the service listens on all of them).
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        for (String address : addresses) {
            for (int port : List.of(this.port, managementPort, databasePort())) {
                JsonNode tried = connect(user, "client", address, port);
                assertThat(tried.get("exit_code").asInt())
                        .as(address + ":" + port + " " + tried)
                        .isNotZero();
                assertThat(tried.get("stdout").asString())
                        .as(address + ":" + port)
                        .isEmpty();
            }
        }
    }

    @Test
    void shouldRemoveTheNetworkWithItsUser() {
        ApiClient.Session admin = api.newUser("net-admin");
        accounts.setRole(Long.parseLong(admin.userId()), Role.ADMIN);
        ApiClient.Session user = api.newUser("net-gone");
        started(user, "web", SLEEPER);
        Map<String, String> theirs = Map.of(
                ContainerLabels.OWNER,
                user.userId(),
                ContainerLabels.INSTALLATION,
                installation.id().toString());
        assertThat(EngineFixture.networksLabelled(theirs)).hasSize(1);
        assertThat(subnetsOf(user)).isOne();

        ApiClient.Response accepted = api.delete("/admin/users/" + user.userId(), admin.token());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode job = awaitJob(admin, accepted.json().get("job_id").asString());

        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("result").get("removed").get("networks").asLong()).isEqualTo(1);
        assertThat(EngineFixture.networksLabelled(theirs)).isEmpty();
        assertThat(subnetsOf(user)).as("the subnet released").isZero();
    }

    /** 10.213.0.65 for 10.213.0.64/26. */
    private static String firstAddressOf(String subnet) throws java.net.UnknownHostException {
        byte[] network =
                InetAddress.getByName(subnet.substring(0, subnet.indexOf('/'))).getAddress();
        network[3]++;
        return InetAddress.getByAddress(network).getHostAddress();
    }

    /** The port of the service's own PostgreSQL (embedded here), from its connection's URL. */
    private int databasePort() throws Exception {
        try (var connection = dataSource.getConnection()) {
            Matcher port =
                    Pattern.compile(":(\\d+)/").matcher(connection.getMetaData().getURL());
            assertThat(port.find()).as(connection.getMetaData().getURL()).isTrue();
            return Integer.parseInt(port.group(1));
        }
    }

    private long subnetsOf(ApiClient.Session user) {
        return jdbc.sql("select count(*) from user_networks where user_id = :id")
                .param("id", Long.parseLong(user.userId()))
                .query(Long.class)
                .single();
    }

    private String started(ApiClient.Session user, String name, List<String> cmd) {
        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", cmd, "name", name));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        ApiClient.Response started = api.patch("/containers/" + name + "/start", user.token());
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return job.get("result").get("container_id").asString();
    }

    private static Map.Entry<String, ContainerNetwork> onlyNetwork(String containerId) {
        Map<String, ContainerNetwork> networks = EngineFixture.docker()
                .inspectContainerCmd(containerId)
                .exec()
                .getNetworkSettings()
                .getNetworks();
        assertThat(networks).hasSize(1);
        return networks.entrySet().iterator().next();
    }

    /** An HTTP/1.0 request through nc from the container: the answer, or nc's failure to connect in 2 s. */
    private JsonNode connect(ApiClient.Session user, String container, String address, int port) {
        String exec = ApiClient.json(Map.of(
                "cmd",
                List.of(
                        "sh",
                        "-c",
                        "printf 'GET /actuator/health HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + address + " " + port),
                "timeout_s",
                20));
        ApiClient.Response ran = api.post("/containers/" + container + "/exec", exec, user.token());
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        return ran.json();
    }

    /** Every IPv4 address of this machine but loopback (inside a container, loopback is the container's own). */
    private static List<String> hostAddresses() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(face.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    addresses.add(address.getHostAddress());
                }
            }
        }
        return addresses;
    }
}
