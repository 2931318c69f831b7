package com.containermanager.job;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes idle workers when a job arrives: at once for jobs submitted in this process, and for jobs submitted by
 * other instances when the job's change to pending is heard ({@link JobChanged}, from the one notification the
 * jobs table's trigger sends; a submission sends no other). Workers also re-check on their own every idle-poll,
 * which covers leases that expire and retries that come due, and a lost notification.
 */
@Component
class JobWakeups {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long generation;

    /** Every instance's submissions (and jobs handed back) are changes to pending, heard on the LISTEN session. */
    @EventListener
    void on(JobChanged changed) {
        if (changed.status() == JobStatus.PENDING) {
            wakeLocal();
        }
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
