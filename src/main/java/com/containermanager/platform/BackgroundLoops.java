package com.containermanager.platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Every background loop of this instance (job workers, the notification listener, lease renewal, sweepers), started
 * here so that the "backgroundWork" health indicator, part of readiness, sees them all.
 */
@Component
public class BackgroundLoops {

    private final List<SupervisedLoop> loops = new CopyOnWriteArrayList<>();

    /** Starts a loop that runs the step again and again; the step waits for work itself. */
    public SupervisedLoop start(String name, Thread.Builder threads, SupervisedLoop.Step step) {
        return start(name, threads.name(name).factory(), step);
    }

    SupervisedLoop start(String name, ThreadFactory threads, SupervisedLoop.Step step) {
        SupervisedLoop loop = new SupervisedLoop(name, threads, step);
        loops.add(loop);
        loop.start();
        return loop;
    }

    /** Starts a loop that runs the task once every period (the first time after one period). */
    public SupervisedLoop every(String name, Duration period, SupervisedLoop.Step task) {
        return start(name, Thread.ofPlatform().daemon(), () -> {
            Thread.sleep(period);
            task.run();
        });
    }

    /** Stops the loop (interrupting its step) and forgets it. */
    public void stop(SupervisedLoop loop) {
        loop.stop();
        loops.remove(loop);
    }

    List<SupervisedLoop> all() {
        return List.copyOf(loops);
    }
}
