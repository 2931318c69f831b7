package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.containermanager.cluster.ClusterNotifications;
import com.containermanager.cluster.ClusterSession;
import com.containermanager.support.SqlTest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The coordinator's protocol on PostgreSQL, between two instances of it in one JVM: each has its own cluster session
 * (its advisory locks) and its own LISTEN session, as two processes would. Instance one is this test's context;
 * instance two is a child context with a cluster session, notifications and coordinator of its own.
 */
@SqlTest
@Import({
    ClusterSession.class,
    ClusterNotifications.class,
    LifecycleMetrics.class,
    ClusterOperationCoordinatorSqlTest.Instance.class
})
class ClusterOperationCoordinatorSqlTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Instance {
        @Bean
        ClusterOperationCoordinator coordinator(
                ClusterSession session, ClusterNotifications notifications, JdbcClient jdbc, LifecycleMetrics metrics) {
            return new ClusterOperationCoordinator(session, notifications, jdbc, metrics);
        }
    }

    @Autowired
    private ApplicationContext context;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private LifecycleMetrics metrics;

    /** Instance one's: subscribed to its notifications before they started listening, as in the service. */
    @Autowired
    private ClusterOperationCoordinator one;

    private AnnotationConfigApplicationContext secondInstance;
    private ClusterOperationCoordinator two;
    private final String container = randomContainerId();
    private final AtomicInteger engineCalls = new AtomicInteger();
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startTwoInstances() {
        secondInstance = new AnnotationConfigApplicationContext();
        secondInstance.setParent(context);
        // Its own session and notifications win over the parent's (instance one's) wherever both would fit.
        secondInstance.registerBean(ClusterSession.class, definition -> definition.setPrimary(true));
        secondInstance.registerBean(ClusterNotifications.class, definition -> definition.setPrimary(true));
        secondInstance.register(Instance.class);
        secondInstance.refresh();
        two = secondInstance.getBean(ClusterOperationCoordinator.class);
    }

    @AfterEach
    void stopSecondInstance() {
        release.countDown();
        secondInstance.close();
    }

    @Test
    void shouldJoinAnIdenticalOperationFromAnotherInstanceAndCallTheEngineOnce() throws Exception {
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> holder = requests.submit(() -> one.run(container, LifecycleOperation.STOP, this::slowEngineCall));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            double joinedBefore = metrics.count(LifecycleOperation.STOP, "joined");
            Future<?> joined =
                    requests.submit(() -> two.run(container, LifecycleOperation.STOP, engineCalls::incrementAndGet));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics.count(LifecycleOperation.STOP, "joined") > joinedBefore);
            assertThat(joined).isNotDone();

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            joined.get(10, TimeUnit.SECONDS);
        }
        assertThat(engineCalls).as("one engine call for both requests").hasValue(1);
    }

    @Test
    void shouldRefuseADifferentOperationWhileAnotherInstanceHoldsTheContainer() throws Exception {
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> holder = requests.submit(() -> one.run(container, LifecycleOperation.STOP, this::slowEngineCall));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> two.run(container, LifecycleOperation.DELETE, engineCalls::incrementAndGet))
                    .isInstanceOf(ConflictingOperationException.class);
            assertThat(engineCalls)
                    .as("the refused delete never reached the engine")
                    .hasValue(1);

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
        two.run(container, LifecycleOperation.DELETE, engineCalls::incrementAndGet);
        assertThat(engineCalls).as("once the stop is done, the delete runs").hasValue(2);
    }

    @Test
    void shouldGiveAJoinedRequestTheHoldersFailure() throws Exception {
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> holder = requests.submit(() -> one.run(container, LifecycleOperation.START, () -> {
                slowEngineCall();
                throw new ContainerNotFoundException();
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> joined =
                    requests.submit(() -> two.run(container, LifecycleOperation.START, engineCalls::incrementAndGet));
            awaitRowOf(LifecycleOperation.START);
            release.countDown();

            assertThatThrownBy(() -> holder.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ContainerNotFoundException.class);
            assertThatThrownBy(() -> joined.get(10, TimeUnit.SECONDS))
                    .as("the same answer on the other instance")
                    .hasCauseInstanceOf(ContainerNotFoundException.class);
        }
    }

    @Test
    void shouldStartOverWhenTheHoldingInstanceDies() throws Exception {
        AtomicInteger survivorCalls = new AtomicInteger();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            requests.submit(() -> two.run(container, LifecycleOperation.STOP, this::slowEngineCall));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            double joinedBefore = metrics.count(LifecycleOperation.STOP, "joined");
            Future<?> joined =
                    requests.submit(() -> one.run(container, LifecycleOperation.STOP, survivorCalls::incrementAndGet));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics.count(LifecycleOperation.STOP, "joined") > joinedBefore);

            // Instance two's process dies: PostgreSQL ends its session, and the container's lock with it.
            jdbc.sql("select pg_terminate_backend(holder_pid) from container_operations where container_id = :id")
                    .param("id", container)
                    .query((rs, n) -> 1)
                    .list();

            joined.get(10, TimeUnit.SECONDS);
            release.countDown();
        }
        assertThat(survivorCalls)
                .as("the joined request ran the stop itself (stop is idempotent at the engine)")
                .hasValue(1);
    }

    private void slowEngineCall() {
        engineCalls.incrementAndGet();
        inside.countDown();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRowOf(LifecycleOperation operation) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select operation from container_operations where container_id = :id")
                        .param("id", container)
                        .query(String.class)
                        .optional()
                        .filter(operation.name()::equals)
                        .isPresent());
    }

    private static String randomContainerId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
