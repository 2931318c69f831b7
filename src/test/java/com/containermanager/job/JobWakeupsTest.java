package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Idle workers wake on a job's change to pending (a submission anywhere), and not on its other changes. */
class JobWakeupsTest {

    private final JobWakeups wakeups = new JobWakeups();

    @Test
    void shouldWakeAWaitingWorkerWhenAJobBecomesPending() throws InterruptedException {
        Thread worker = waitingWorker(Duration.ofMinutes(1));

        wakeups.on(change(JobStatus.PENDING));

        worker.join(Duration.ofSeconds(10));
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void shouldLetAWorkerWaitOutItsTimeoutWhenJobsRunOrEnd() throws InterruptedException {
        Duration timeout = Duration.ofMillis(500);
        AtomicLong waited = new AtomicLong();
        Thread worker = waitingWorker(timeout, waited);

        wakeups.on(change(JobStatus.RUNNING));
        wakeups.on(change(JobStatus.COMPLETED));
        wakeups.on(change(JobStatus.FAILED));

        worker.join(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(waited.get())).isGreaterThanOrEqualTo(timeout);
    }

    private Thread waitingWorker(Duration timeout) {
        return waitingWorker(timeout, new AtomicLong());
    }

    /** A platform thread in {@link JobWakeups#await}, returned once it waits; it notes how long it waited. */
    private Thread waitingWorker(Duration timeout, AtomicLong waitedNanos) {
        Thread worker = Thread.ofPlatform().start(() -> {
            long started = System.nanoTime();
            try {
                wakeups.await(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            waitedNanos.set(System.nanoTime() - started);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.getState() == Thread.State.TIMED_WAITING);
        return worker;
    }

    private static JobChanged change(JobStatus status) {
        return new JobChanged(
                UUID.randomUUID(), 1, "container_creation", status, null, null, null, null, Instant.now());
    }
}
