package com.containermanager.container;

import com.containermanager.platform.BackgroundLoops;
import com.containermanager.platform.PeriodicTask;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Activity on a container, which postpones its idle stop: the modules that serve a container (exec, the console's
 * input, a followed log, a stats stream) call {@link #record}. That costs a map write: what was noted is written to
 * PostgreSQL every {@code lifecycle.activity_write_interval} in one statement, so a container's row is written at
 * most once per interval whatever its traffic. Noted activity that a crash loses is at most one interval's worth.
 */
@Component
public class ContainerActivity implements SmartLifecycle {

    private final ConcurrentMap<String, Instant> pending = new ConcurrentHashMap<>();
    private final LifecycleRows rows;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final PeriodicTask loop;

    ContainerActivity(LifecycleRows rows, LifecycleSettings settings, Clock clock, BackgroundLoops loops) {
        this.rows = rows;
        this.settings = settings;
        this.clock = clock;
        this.loop = new PeriodicTask(loops, "container-activity", settings.activityWriteInterval(), this::flush);
    }

    /** Activity on this container now; call after its ownership was checked. */
    public void record(String containerId) {
        pending.put(containerId, clock.instant());
    }

    /** Noted here and not written yet (this instance's part of a container's last activity). */
    @Nullable
    Instant pendingOf(String containerId) {
        return pending.get(containerId);
    }

    /** Writes what was noted; activity noted meanwhile stays for the next write. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>(pending);
        rows.recordActivity(batch);
        batch.forEach(pending::remove);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
        try {
            flush();
        } catch (RuntimeException e) {
            // shutting down: at most one interval of noted activity is lost, as in a crash
        }
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
