package com.containermanager.job;

import com.containermanager.cluster.ClusterNotifications;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * Wakes idle workers when a job arrives: at once for jobs submitted in this process, and through PostgreSQL's
 * LISTEN/NOTIFY for jobs submitted by other instances. Workers also re-check on their own every idle-poll, which
 * covers leases that expire and retries that come due, and a lost notification.
 */
@Component
class JobWakeups {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long generation;

    /** Other instances' submissions arrive on the instance's one LISTEN session. */
    JobWakeups(ClusterNotifications notifications) {
        notifications.subscribe(JobRepository.CHANNEL, payload -> wakeLocal());
    }

    void wakeLocal() {
        lock.lock();
        try {
            generation++;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a wake-up or the timeout, whichever is first. */
    void await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long seen = generation;
            long nanos = timeout.toNanos();
            while (generation == seen && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
