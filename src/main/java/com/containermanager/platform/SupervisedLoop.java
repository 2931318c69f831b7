package com.containermanager.platform;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop that cannot die silently: it runs its step again and again until it is stopped. Whatever a step
 * throws, {@link Error}s included, is logged, and the loop goes on after a pause that doubles with each consecutive
 * failure. A stray interrupt does not end it either; only {@link #requestStop()} does. Should its thread end anyway
 * while the loop is meant to run, {@link #stoppedUnexpectedly()} says so, and readiness turns DOWN
 * ({@link BackgroundLoops}).
 */
public final class SupervisedLoop {

    /** One turn of the loop; it may wait inside (for work, or for its period). */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(SupervisedLoop.class);
    private static final Backoff FAILURE_PAUSE = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    private final String name;
    private final Step step;
    private final Thread thread;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;

    SupervisedLoop(String name, ThreadFactory threads, Step step) {
        this.name = name;
        this.step = step;
        this.thread = threads.newThread(this::loop);
    }

    void start() {
        running = true;
        thread.start();
    }

    public String name() {
        return name;
    }

    /** Failures of its steps since it started, for the health details. */
    public long failures() {
        return failures.get();
    }

    /** Ends the loop after the current step; the step itself is not interrupted. */
    public void requestStop() {
        running = false;
    }

    /** Ends the loop and interrupts the step (a wait, a sleep). */
    public void stop() {
        running = false;
        thread.interrupt();
    }

    /** Waits for the loop's thread to end; true when it did within the time. */
    public boolean join(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    /** The thread ended although nobody asked the loop to stop. */
    public boolean stoppedUnexpectedly() {
        return running && thread.getState() == Thread.State.TERMINATED;
    }

    private void loop() {
        int consecutiveFailures = 0;
        while (running) {
            try {
                step.run();
                consecutiveFailures = 0;
            } catch (InterruptedException e) {
                // Stop interrupts; any other interrupt is stray, and the loop goes on.
            } catch (Throwable t) {
                failures.incrementAndGet();
                Duration pause = FAILURE_PAUSE.delay(consecutiveFailures++);
                report(t, pause);
                pause(pause);
            }
        }
    }

    /** Logging itself may fail (out of memory, say); the loop must survive that too. */
    private void report(Throwable failure, Duration pause) {
        try {
            if (failure instanceof Exception) {
                log.warn("{} failed ({}); going on in {} ms", name, failure, pause.toMillis());
            } else {
                log.error("{} failed; going on in {} ms", name, pause.toMillis(), failure);
            }
        } catch (Throwable ignored) {
            // nothing more can be done; the failure counter still tells
        }
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            // stop() interrupts; the loop condition decides
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
