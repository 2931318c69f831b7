package com.containermanager.container;

import com.containermanager.platform.BackgroundLoops;
import com.containermanager.platform.PeriodicTask;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineEvent;
import com.containermanager.runtime.ManagedContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Applies the lifecycle policy. Every instance runs a round every {@code lifecycle.round_interval}: one statement
 * judges every container by its row (no engine call), marks the warnings it sends and claims the containers due for
 * a stop or removal ({@link LifecycleRows#round}); rows another round holds are skipped, so exactly one instance acts
 * on a container. Acting goes through the same coordinated operation as a user's stop or delete, so it joins or
 * conflicts with a user's request in flight by the same rules. A claimant that dies leaves its claim to expire
 * ({@code lifecycle.claim_for}); the next round takes it over, and acting twice is harmless.
 */
@Component
class LifecycleRound implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LifecycleRound.class);
    static final int ACTING_AT_ONCE = 16;

    private final Semaphore acting = new Semaphore(ACTING_AT_ONCE);

    private final LifecycleRows rows;
    private final LifecycleSettings settings;
    private final Profiles profiles;
    private final ContainerService containers;
    private final PolicyNotices notices;
    private final ContainerRuntime runtime;
    private final PeriodicTask loop;

    LifecycleRound(
            LifecycleRows rows,
            Profiles profiles,
            LifecycleSettings settings,
            ContainerService containers,
            PolicyNotices notices,
            ContainerRuntime runtime,
            BackgroundLoops loops) {
        this.rows = rows;
        this.profiles = profiles;
        this.settings = settings;
        this.containers = containers;
        this.notices = notices;
        this.runtime = runtime;
        this.loop = new PeriodicTask(loops, "lifecycle-policy", settings.roundInterval(), this::round);
    }

    /** One round: what it warned of and what it acted on, in that order. */
    int round() {
        LifecyclePolicies policy = profiles.policies(settings.policy());
        List<LifecycleRows.Due> due = rows.round(policy, settings.claimFor());
        try (ExecutorService actions = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LifecycleRows.Due container : due) {
                if (container.act()) {
                    actions.submit(() -> act(container, policy));
                } else if (container.stopAt() != null && container.reason() != null) {
                    notices.send(new ContainerPolicyNotice(
                            container.ownerId(),
                            container.id(),
                            ContainerPolicyNotice.Kind.STOPPING_SOON,
                            container.reason().value(),
                            container.stopAt()));
                }
            }
        }
        return due.size();
    }

    /**
     * A stop waits for its grace period (10 s by default) when the process ignores SIGTERM: the containers of a round
     * are stopped at the same time, at most {@link #ACTING_AT_ONCE} of them, and the round ends when all have.
     */
    private void act(LifecycleRows.Due container, LifecyclePolicies policy) {
        try {
            acting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rows.release(container.id());
            return;
        }
        try {
            containers.applyPolicy(container, policy);
        } catch (RuntimeException e) {
            log.warn("The lifecycle policy could not act on container {}: {}", container.id(), e.toString());
            rows.release(container.id());
        } finally {
            acting.release();
        }
    }

    /**
     * The engine's view of a container's state, as the feed receives it on this instance. Its process starting and
     * ending say it all: the engine sends "die" before every "stop" and "start" before every "restart", so those
     * would only cost a statement that changes nothing.
     */
    @EventListener
    void on(EngineEvent event) {
        switch (event.action()) {
            case "start" -> rows.engineSaw(event.containerId(), true, event.time());
            case "die" -> rows.engineSaw(event.containerId(), false, event.time());
            default -> {
                // not a change of running state, or one said by the event before it
            }
        }
    }

    /** Events missed while no instance listened: the rows made true from one listing of the engine. */
    private void reconcile() {
        try {
            List<String> running = new ArrayList<>();
            List<String> notRunning = new ArrayList<>();
            for (ManagedContainer container : runtime.listManaged()) {
                (container.state().equals("running") ? running : notRunning).add(container.id());
            }
            rows.reconcile(running, notRunning);
        } catch (RuntimeException e) {
            log.warn("Could not compare the containers' rows with the engine at start-up: {}", e.toString());
        }
    }

    @Override
    public void start() {
        reconcile();
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
