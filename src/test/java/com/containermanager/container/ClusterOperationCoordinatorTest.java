package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import com.containermanager.cluster.ClusterNotifications;
import com.containermanager.cluster.ClusterSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ClusterOperationCoordinatorTest {

    /**
     * Every lifecycle operation of the whole cluster is notified to every instance; an instance keeps an outcome
     * only for a request of its own waiting on it, so a busy cluster cannot grow the map.
     */
    @Test
    void shouldKeepNoOutcomeThatNobodyHereAwaits() {
        ClusterNotifications notifications = mock(ClusterNotifications.class);
        List<Consumer<String>> listeners = new ArrayList<>();
        doAnswer(call -> listeners.add(call.getArgument(1)))
                .when(notifications)
                .subscribe(anyString(), org.mockito.ArgumentMatchers.any());
        ClusterOperationCoordinator coordinator = new ClusterOperationCoordinator(
                mock(ClusterSession.class),
                notifications,
                mock(JdbcClient.class),
                new LifecycleMetrics(new SimpleMeterRegistry()));

        for (int i = 0; i < 50_000; i++) {
            listeners.getFirst().accept(UUID.randomUUID() + "\t" + OperationOutcome.OK.encode());
        }

        assertThat(coordinator.awaitedCount()).isZero();
    }
}
