package com.containermanager.platform;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One task run every period on a {@link BackgroundLoops} loop, started and stopped with its owner's lifecycle (the
 * owner's SmartLifecycle start, stop and isRunning call through), so that each periodic component does not keep its
 * own copy of the loop's bookkeeping.
 */
public final class PeriodicTask {

    private final BackgroundLoops loops;
    private final String name;
    private final Duration period;
    private final SupervisedLoop.Step task;
    private volatile @Nullable SupervisedLoop loop;

    public PeriodicTask(BackgroundLoops loops, String name, Duration period, SupervisedLoop.Step task) {
        this.loops = loops;
        this.name = name;
        this.period = period;
        this.task = task;
    }

    public void start() {
        loop = loops.every(name, period, task);
    }

    public void stop() {
        SupervisedLoop running = loop;
        if (running != null) {
            loops.stop(running);
            loop = null;
        }
    }

    public boolean isRunning() {
        return loop != null;
    }
}
