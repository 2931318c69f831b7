package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.Concurrently;
import com.containermanager.support.SqlTest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The users' subnets on PostgreSQL: handed out once each, also to concurrent first asks (as from several
 * instances), kept per user and egress, skipped when the engine refused them, released with the user. A /24 in
 * blocks of /28: sixteen.
 */
@SqlTest
@Import({NetworkAllocations.class, NetworkAllocationsSqlTest.Settings.class})
@TestPropertySource(properties = {"cm.networks.egress=none", "cm.networks.range=10.77.0.0/24", "cm.networks.prefix=28"})
class NetworkAllocationsSqlTest {

    /** A new user id for each use (the schema is this class's own). */
    private static final AtomicLong USERS = new AtomicLong(1000);

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NetworkSettings.class)
    static class Settings {}

    @Autowired
    private NetworkAllocations allocations;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void shouldHandOutDistinctBlocksToConcurrentUsersAndKeepEachUsersOwn() throws Exception {
        List<Long> users = List.of(USERS.incrementAndGet(), USERS.incrementAndGet(), USERS.incrementAndGet());

        List<String> subnets = Concurrently.run(
                12,
                i -> allocations
                        .subnetOf(users.get(i % 3), i % 2 == 0, Set.of())
                        .orElseThrow());

        // Three users, two egress modes: six blocks, each user asking again gets the one it got first.
        assertThat(new HashSet<>(subnets)).hasSize(6).allMatch(subnet -> subnet.startsWith("10.77.0."));
        assertThat(subnets).allMatch(subnet -> subnet.endsWith("/28"));
        for (int i = 0; i < 12; i++) {
            assertThat(allocations.subnetOf(users.get(i % 3), i % 2 == 0, Set.of()))
                    .contains(subnets.get(i));
        }
        users.forEach(allocations::releaseAll);
    }

    @Test
    void shouldAnswerTheRecordedBlockWithTheNetworksLockForThatEgressOnly() {
        long user = USERS.incrementAndGet();
        assertThat(lockedWithRecorded(user, false)).as("none recorded yet").isEmpty();
        String recorded = allocations.subnetOf(user, false, Set.of()).orElseThrow();

        assertThat(lockedWithRecorded(user, false)).contains(recorded);
        assertThat(lockedWithRecorded(user, true))
                .as("the other egress has its own")
                .isEmpty();
        allocations.releaseAll(user);
    }

    private Optional<String> lockedWithRecorded(long user, boolean egress) {
        Optional<String> recorded = transactions.execute(status -> allocations.lockNetworkOf(user, egress));
        return recorded == null ? Optional.empty() : recorded;
    }

    @Test
    void shouldSkipARefusedBlockAndReleaseWithTheUser() {
        long user = USERS.incrementAndGet();
        String first = allocations.subnetOf(user, false, Set.of()).orElseThrow();

        String next = allocations.subnetOf(user, false, Set.of(first)).orElseThrow();

        assertThat(next).isNotEqualTo(first);
        assertThat(allocations.releaseAll(user)).isOne();
        assertThat(allocations.subnetOf(user, false, Set.of())).as("free again").contains(first);
        allocations.releaseAll(user);
    }

    @Test
    void shouldSkipEveryBlockInsideARefusedLargerSubnet() {
        long user = USERS.incrementAndGet();
        String first = allocations.subnetOf(user, false, Set.of()).orElseThrow();
        int firstHost = lastOctet(first);
        // Another network on the engine holds the /26 around it: four blocks of /28 at once.
        String wider = "10.77.0." + (firstHost & ~63) + "/26";

        String next = allocations.subnetOf(user, false, Set.of(wider)).orElseThrow();

        assertThat(lastOctet(next) & ~63).as(next + " outside " + wider).isNotEqualTo(firstHost & ~63);
        allocations.releaseAll(user);
    }

    private static int lastOctet(String subnet) {
        return Integer.parseInt(subnet.substring(subnet.lastIndexOf('.') + 1, subnet.indexOf('/')));
    }

    @Test
    void shouldAnswerNothingOnceTheRangeIsFull() {
        List<Long> users = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long user = USERS.incrementAndGet();
            users.add(user);
            assertThat(allocations.subnetOf(user, false, Set.of())).isPresent();
        }

        assertThat(allocations.subnetOf(USERS.incrementAndGet(), false, Set.of()))
                .isEmpty();
        users.forEach(allocations::releaseAll);
    }
}
