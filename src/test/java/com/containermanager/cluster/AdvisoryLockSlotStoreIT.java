package com.containermanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.platform.DedicatedConnections;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Stream slots as advisory locks on PostgreSQL, with two cluster sessions standing for two instances: the limit
 * holds across them, also under a concurrent burst, and an instance's slots come free when its session ends.
 */
class AdvisoryLockSlotStoreIT extends IntegrationTest {

    private static final String KIND = "log_follows";

    @Autowired
    DedicatedConnections connections;

    private ClusterSession sessionA;
    private ClusterSession sessionB;
    private AdvisoryLockSlotStore instanceA;
    private AdvisoryLockSlotStore instanceB;
    private long userId;

    @BeforeEach
    void twoInstances() {
        sessionA = new ClusterSession(connections);
        sessionB = new ClusterSession(connections);
        sessionA.afterPropertiesSet();
        sessionB.afterPropertiesSet();
        instanceA = new AdvisoryLockSlotStore(sessionA);
        instanceB = new AdvisoryLockSlotStore(sessionB);
        userId = 1_000_000 + (long) (Math.random() * 1_000_000_000);
    }

    @AfterEach
    void endSessions() {
        sessionA.destroy();
        sessionB.destroy();
    }

    @Test
    void theLimitHoldsAcrossInstancesAndASlotComesBackWhenReleased() {
        Runnable first = instanceA.take(KIND, userId, 3);
        assertThat(first).isNotNull();
        assertThat(instanceA.take(KIND, userId, 3))
                .as("a second at the same instance")
                .isNotNull();
        assertThat(instanceB.take(KIND, userId, 3)).as("a third at the other").isNotNull();

        assertThat(instanceB.take(KIND, userId, 3)).as("a fourth, anywhere").isNull();
        assertThat(instanceA.take(KIND, userId, 3)).isNull();
        assertThat(instanceA.take("consoles", userId, 3)).as("another kind").isNotNull();
        assertThat(instanceA.take(KIND, userId + 1, 3)).as("another user").isNotNull();

        first.run();
        assertThat(instanceB.take(KIND, userId, 3))
                .as("the released slot, taken elsewhere")
                .isNotNull();
        assertThat(instanceA.take(KIND, userId, 3)).isNull();
    }

    @Test
    void anEndedInstancesSlotsComeFree() {
        assertThat(instanceB.take(KIND, userId, 2)).isNotNull();
        assertThat(instanceB.take(KIND, userId, 2)).isNotNull();
        assertThat(instanceA.take(KIND, userId, 2)).isNull();

        sessionB.destroy(); // its connection closes, as a killed instance's does

        // PostgreSQL ends the session, and its locks, once it has read the closed connection.
        await().atMost(Duration.ofSeconds(10)).until(() -> instanceA.take(KIND, userId, 2), Objects::nonNull);
        assertThat(instanceA.take(KIND, userId, 2)).isNotNull();
        assertThat(instanceA.take(KIND, userId, 2)).isNull();
    }

    @Test
    void aConcurrentBurstAtTwoInstancesGetsExactlyTheLimit() throws Exception {
        int limit = 5;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Runnable>> takes = IntStream.range(0, 40)
                    .mapToObj(i -> clients.submit(() -> (i % 2 == 0 ? instanceA : instanceB).take(KIND, userId, limit)))
                    .toList();
            long granted = 0;
            for (Future<Runnable> take : takes) {
                if (take.get() != null) {
                    granted++;
                }
            }
            assertThat(granted).isEqualTo(limit);
        }
    }
}
