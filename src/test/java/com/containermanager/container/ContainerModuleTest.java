package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.containermanager.auth.KnownUsers;
import com.containermanager.container.creation.ContainerCreations;
import com.containermanager.job.JobService;
import com.containermanager.job.JobStatus;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.support.SharedPostgresSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The container module with the modules it uses (jobs, files, limits, the cluster's coordination on PostgreSQL) and
 * a fake engine: a creation request becomes a job, the job a container with its owner, and lifecycle requests are
 * checked for ownership and coordinated before the engine hears of them. The engine's own behaviour is the
 * integration tests' (the real engine).
 */
// cluster: the coordinator's sessions, which Modulith does not count as a bean dependency of this module
@ApplicationModuleTest(
        mode = ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES,
        extraIncludes = "cluster",
        verifyAutomatically = false)
@SharedPostgresSchema
@TestPropertySource(
        properties = {
            // readiness names the engine's health; the engine here is a fake
            "management.endpoint.health.validate-group-membership=false",
            "cm.jobs.idle-poll=200ms",
            "cm.jobs.shutdown-grace=1s",
            "storage.base_path=target/module-tests/uploads",
            "data.dir=target/module-tests/data"
        })
class ContainerModuleTest {

    private static final String ENGINE = "engine-of-the-module-test";

    @MockitoBean
    private ContainerRuntime engine;

    /** The user module's, which this test leaves out; auth asks it whether a token's user still exists. */
    @MockitoBean
    private KnownUsers knownUsers;

    @Autowired
    private ContainerCreations creations;

    @Autowired
    private ContainerService containers;

    @Autowired
    private JobService jobs;

    @Autowired
    private JdbcClient jdbc;

    @BeforeEach
    void engineAnswers() {
        given(engine.engineId()).willReturn(ENGINE);
        given(engine.create(any(ContainerSpec.class))).willAnswer(invocation -> randomContainerId());
        given(engine.ensureNetwork(any(UserNetwork.class)))
                .willAnswer(invocation -> Optional.of(
                        "net-" + invocation.<UserNetwork>getArgument(0).ownerId()));
    }

    @Test
    void shouldTurnACreationRequestIntoAJobAndTheJobIntoAnOwnedContainer(Scenario scenario) {
        long owner = user();
        scenario.stimulate(() -> creations.submit(owner, request()))
                .andWaitForEventOfType(ContainerCreationRequested.class)
                .matchingMappedValue(ContainerCreationRequested::ownerId, owner)
                .toArriveAndVerify(
                        (requested, jobId) -> assertThat(requested.jobId()).isEqualTo(jobId));

        String container = awaitCreated(owner);

        assertThat(containers.requireOwned(owner, container).engineId()).isEqualTo(ENGINE);
        // On the owner's own network (egress none by default), known there by the container's name.
        verify(engine).ensureNetwork(argThat(network -> network.ownerId() == owner && !network.egress()));
        verify(engine)
                .create(argThat(spec -> spec.ownerId() == owner
                        && spec.network() != null
                        && spec.network().network().equals("net-" + owner)
                        && spec.network().alias() != null));
        assertThatThrownBy(() -> containers.requireOwned(user(), container))
                .as("nobody else's")
                .isInstanceOf(ContainerNotFoundException.class);
    }

    @Test
    void shouldCallTheEngineOnceForConcurrentIdenticalStarts() throws Exception {
        long owner = user();
        String container = createdContainer(owner);
        CountDownLatch inside = new CountDownLatch(1);
        willAnswer(invocation -> {
                    inside.countDown();
                    Thread.sleep(300);
                    return null;
                })
                .given(engine)
                .start(container);

        List<Future<?>> starts = new ArrayList<>();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            starts.add(requests.submit(() -> containers.start(owner, container)));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 4; i++) {
                starts.add(requests.submit(() -> containers.start(owner, container)));
            }
            for (Future<?> start : starts) {
                start.get(30, TimeUnit.SECONDS);
            }
        }

        verify(engine, times(1)).start(container);
    }

    @Test
    void shouldAnswerAnotherUsersContainerWithNotFoundBeforeTheEngine(Scenario scenario) {
        long owner = user();
        long stranger = user();
        String container = createdContainer(owner);

        scenario.stimulate(() -> {
                    try {
                        containers.stop(stranger, container, null);
                        return "stopped";
                    } catch (ContainerNotFoundException e) {
                        return "not found";
                    }
                })
                .andWaitForEventOfType(ContainerOperationCompleted.class)
                .matchingMappedValue(ContainerOperationCompleted::ownerId, stranger)
                .toArriveAndVerify((completed, answer) -> {
                    assertThat(answer).isEqualTo("not found");
                    assertThat(completed.outcome()).isEqualTo(ContainerOperationCompleted.Outcome.NOT_FOUND);
                });
        verify(engine, never()).stop(anyString(), any());
    }

    @Test
    void shouldForgetTheOwnerOnceTheEngineRemovedTheContainer() {
        long owner = user();
        String container = createdContainer(owner);

        containers.delete(owner, container);

        verify(engine).remove(container);
        assertThatThrownBy(() -> containers.requireOwned(owner, container))
                .isInstanceOf(ContainerNotFoundException.class);
    }

    private String createdContainer(long owner) {
        creations.submit(owner, request());
        return awaitCreated(owner);
    }

    /** The container of the owner's one creation job, once the job completed. */
    private String awaitCreated(long owner) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> jobs.list(owner, 1, Instant.parse("9999-12-31T00:00:00Z"), null)
                                .items(),
                        page -> !page.isEmpty() && page.getFirst().status() == JobStatus.COMPLETED)
                .getFirst()
                .result()
                .replaceAll(".*\"container_id\"\\s*:\\s*\"([0-9a-f]{64})\".*", "$1");
    }

    private static CreateContainerRequest request() {
        return new CreateContainerRequest("busybox", List.of("sleep", "60"), List.of("A=1"), List.of(), null, null);
    }

    private long user() {
        return jdbc.sql("insert into users (username, password_hash) values (:name, 'x') returning id")
                .param("name", "user-" + UUID.randomUUID())
                .query(Long.class)
                .single();
    }

    private static String randomContainerId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
