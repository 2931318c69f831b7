package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineEvents;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Restart is coordinated like start and stop, counted where it matters: in the engine's own events. */
class RestartIT extends IntegrationTest {

    @Test
    void shouldJoinConcurrentRestartsIntoOneAndRefuseOtherOperationsMeanwhile() throws Exception {
        ApiClient.Session user = api.newUser("restarts");
        // PID 1 without a SIGTERM handler ignores SIGTERM: the restart's stop lasts its whole grace period.
        String id = startedContainer(user, List.of("sleep", "3600"));
        String startedAt = runtime.inspect(id).orElseThrow().state().startedAt();

        try (EngineEvents engine = EngineEvents.of(id);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> restarts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                restarts.add(clients.submit(() -> api.patch("/containers/" + id + "/restart?timeout=3", user.token())));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> counting().inFlight("restart", id) == 1);

            ApiClient.Response stop = api.patch("/containers/" + id + "/stop", user.token());
            assertThat(stop.status()).isEqualTo(409);
            assertThat(stop.error()).isEqualTo("conflict container operation");
            for (Future<ApiClient.Response> restart : restarts) {
                assertThat(restart.get().status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.count("restart") >= 1);
            assertThat(engine.count("restart"))
                    .as("restarts the engine performed")
                    .isEqualTo(1);
            assertThat(engine.count("stop")).as("no stop reached the engine").isLessThanOrEqualTo(1);
        }
        assertThat(counting().calls("restart", id)).isEqualTo(1);
        var state = runtime.inspect(id).orElseThrow().state();
        assertThat(state.running()).isTrue();
        assertThat(state.startedAt()).isNotEqualTo(startedAt);
        assertThat(api.get("/audit?limit=10", user.token()).body()).contains("container.restart");
    }

    @Test
    void shouldRestartAStoppedContainer() {
        ApiClient.Session user = api.newUser("restart-stopped");
        String id = createContainer(user, List.of("sleep", "3600"));

        assertThat(api.patch("/containers/" + id + "/restart", user.token()).status())
                .isEqualTo(200);

        assertThat(runtime.inspect(id).orElseThrow().state().running()).isTrue();
        assertThat(api.patch("/containers/" + id + "/restart?timeout=301", user.token())
                        .status())
                .isEqualTo(400);
    }
}
