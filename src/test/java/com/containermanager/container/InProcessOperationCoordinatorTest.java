package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessOperationCoordinatorTest {

    private final InProcessOperationCoordinator coordinator =
            new InProcessOperationCoordinator(new LifecycleMetrics(new SimpleMeterRegistry()));

    @Test
    void shouldRunIdenticalConcurrentOperationsOnceAndShareTheOutcome() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> coordinator.run("c1", LifecycleOperation.STOP, () -> {
                calls.incrementAndGet();
                inside.countDown();
                await(release);
                throw new IllegalStateException("stopped badly");
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> joiners = new ArrayList<>();
            List<Thread> joinerThreads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 7; i++) {
                joiners.add(pool.submit(() -> {
                    joinerThreads.add(Thread.currentThread());
                    coordinator.run("c1", LifecycleOperation.STOP, calls::incrementAndGet);
                }));
            }
            waitUntilAllParked(joinerThreads, 7);
            release.countDown();

            assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("stopped badly");
            for (Future<?> joiner : joiners) {
                assertThatThrownBy(() -> joiner.get(5, TimeUnit.SECONDS))
                        .as("the one outcome, shared")
                        .hasRootCauseMessage("stopped badly");
            }
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldRefuseADifferentOperationWhileOneIsInFlight() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger deletes = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> stop = pool.submit(() -> coordinator.run("c1", LifecycleOperation.STOP, () -> {
                inside.countDown();
                await(release);
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> coordinator.run("c1", LifecycleOperation.DELETE, deletes::incrementAndGet))
                    .isInstanceOf(ConflictingOperationException.class);
            coordinator.run("c2", LifecycleOperation.DELETE, deletes::incrementAndGet);
            assertThat(deletes).as("another container is not affected").hasValue(1);

            release.countDown();
            stop.get(5, TimeUnit.SECONDS);
        }
        coordinator.run("c1", LifecycleOperation.DELETE, deletes::incrementAndGet);
        assertThat(deletes).as("after the stop finished, a delete runs").hasValue(2);
    }

    @Test
    void shouldShareAFailureWithEveryJoinerAndThenForgetIt() {
        assertThatThrownBy(() -> coordinator.run("c1", LifecycleOperation.START, () -> {
                    throw new IllegalStateException("engine said no");
                }))
                .hasMessage("engine said no");
        AtomicInteger starts = new AtomicInteger();
        coordinator.run("c1", LifecycleOperation.START, starts::incrementAndGet);
        assertThat(starts).as("the failure was forgotten: the next start runs").hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every joiner has arrived and parked, i.e. it waits on the shared outcome. */
    private static void waitUntilAllParked(List<Thread> threads, int count) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> threads.size() == count
                        && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    }
}
