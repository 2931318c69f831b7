package com.containermanager.job;

import com.containermanager.config.BackgroundLoops;
import com.containermanager.config.SupervisedLoop;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes idle workers when a job arrives: at once for jobs submitted in this process, and through PostgreSQL's
 * LISTEN/NOTIFY for jobs submitted by other instances. Workers also re-check on their own every idle-poll, which
 * covers leases that expire and retries that come due, and a lost notification.
 */
@Component
class JobWakeups implements SmartLifecycle {

    private final DataSource dataSource;
    private final BackgroundLoops loops;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long generation;
    private volatile boolean running;
    private @Nullable SupervisedLoop listener;

    JobWakeups(DataSource dataSource, BackgroundLoops loops) {
        this.dataSource = dataSource;
        this.loops = loops;
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

    @Override
    public void start() {
        running = true;
        // A platform thread: it blocks in the driver's socket read between notifications.
        listener = loops.start("job-notifications", Thread.ofPlatform().daemon(), this::listenUntilDisconnected);
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            loops.stop(listener);
        }
        wakeLocal();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One LISTEN session; the supervised loop starts another after a pause when the connection is lost. */
    private void listenUntilDisconnected() throws SQLException {
        ChannelListener.listenUntilDisconnected(
                dataSource, JobRepository.CHANNEL, () -> running, notification -> wakeLocal());
    }
}
