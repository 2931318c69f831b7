package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The contract's coordination, counted where it matters: at the engine. */
class ContainerConcurrencyIT extends IntegrationTest {

    @Autowired
    LifecycleMetrics metrics;

    @Test
    void shouldJoinConcurrentStopsIntoOneEngineCallAndRefuseOtherOperationsMeanwhile() throws Exception {
        ApiClient.Session user = api.newUser("stops");
        // PID 1 without a SIGTERM handler ignores SIGTERM: the stop lasts the whole grace period.
        String id = createContainer(user, List.of("sleep", "3600"));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        double joinedBefore = metrics.count(LifecycleOperation.STOP, "joined");
        double conflictsBefore = metrics.count(LifecycleOperation.START, "conflict")
                + metrics.count(LifecycleOperation.DELETE, "conflict");

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> stops = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                stops.add(clients.submit(() -> api.patch("/containers/" + id + "/stop?timeout=4", user.token())));
            }
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> metrics.count(LifecycleOperation.STOP, "joined") - joinedBefore == 7);
            assertThat(counting().inFlight("stop", id))
                    .as("the one stop is still in flight")
                    .isEqualTo(1);

            ApiClient.Response start = api.patch("/containers/" + id + "/start", user.token());
            ApiClient.Response delete = api.delete("/containers/" + id, user.token());

            assertThat(start.status()).isEqualTo(409);
            assertThat(start.error()).isEqualTo("conflict container operation");
            assertThat(delete.status()).isEqualTo(409);
            assertThat(delete.error()).isEqualTo("conflict container operation");
            for (Future<ApiClient.Response> stop : stops) {
                assertThat(stop.get().status()).isEqualTo(200);
            }
        }
        assertThat(counting().calls("stop", id)).isEqualTo(1);
        assertThat(counting().calls("start", id))
                .as("only the start before the stops")
                .isEqualTo(1);
        assertThat(metrics.count(LifecycleOperation.START, "conflict")
                        + metrics.count(LifecycleOperation.DELETE, "conflict")
                        - conflictsBefore)
                .as("the 409s are counted")
                .isEqualTo(2);
        assertThat(management.get("/actuator/prometheus", null).body())
                .contains("cm_container_lifecycle_requests_total{operation=\"stop\",outcome=\"joined\"}");
        assertThat(counting().calls("remove", id)).isZero();
        assertThat(runtime.inspect(id).orElseThrow().status()).isEqualTo("exited");
    }

    @Test
    void shouldJoinConcurrentIdenticalDeletesIntoOneRemoval() throws Exception {
        ApiClient.Session user = api.newUser("deletes");
        String id = createContainer(user, List.of("sleep", "3600"));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);

        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> deletes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                deletes.add(clients.submit(() -> api.delete("/containers/" + id, user.token())));
            }
            for (Future<ApiClient.Response> delete : deletes) {
                statuses.add(delete.get().status());
            }
        }

        assertThat(counting().calls("remove", id)).isEqualTo(1);
        // Requests that arrive after the removal finished find no container: 404, never a second removal.
        assertThat(statuses).allMatch(status -> status == 200 || status == 404).contains(200);
        assertThat(runtime.inspect(id)).isEmpty();
    }
}
