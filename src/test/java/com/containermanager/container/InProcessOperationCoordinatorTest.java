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
            Future<String> first = pool.submit(() -> coordinator.run("c1", LifecycleOperation.STOP, () -> {
                calls.incrementAndGet();
                inside.countDown();
                await(release);
                return "stopped";
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> joiners = new ArrayList<>();
            List<Thread> joinerThreads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 7; i++) {
                joiners.add(pool.submit(() -> joinerThreads.add(Thread.currentThread())
                        ? coordinator.run("c1", LifecycleOperation.STOP, () -> {
                            calls.incrementAndGet();
                            return "second call";
                        })
                        : null));
            }
            waitUntilAllParked(joinerThreads, 7);
            release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stopped");
            for (Future<String> joiner : joiners) {
                assertThat(joiner.get(5, TimeUnit.SECONDS)).isEqualTo("stopped");
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
            Future<Object> stop = pool.submit(() -> coordinator.run("c1", LifecycleOperation.STOP, () -> {
                inside.countDown();
                await(release);
                return null;
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> coordinator.run("c1", LifecycleOperation.DELETE, deletes::incrementAndGet))
                    .isInstanceOf(ConflictingOperationException.class);
            assertThat(coordinator.run("c2", LifecycleOperation.DELETE, deletes::incrementAndGet))
                    .as("another container is not affected")
                    .isEqualTo(1);

            release.countDown();
            stop.get(5, TimeUnit.SECONDS);
        }
        assertThat(coordinator.run("c1", LifecycleOperation.DELETE, deletes::incrementAndGet))
                .as("after the stop finished, a delete runs")
                .isEqualTo(2);
    }

    @Test
    void shouldShareAFailureWithEveryJoinerAndThenForgetIt() {
        assertThatThrownBy(() -> coordinator.run("c1", LifecycleOperation.START, () -> {
                    throw new IllegalStateException("engine said no");
                }))
                .hasMessage("engine said no");
        assertThat(coordinator.run("c1", LifecycleOperation.START, () -> "ok")).isEqualTo("ok");
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
