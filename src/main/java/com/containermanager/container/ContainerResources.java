package com.containermanager.container;

import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.user.spi.UserResources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A user's containers when their account is suspended (every running one stopped, none removed) or deleted (every
 * one removed: those with an ownership row, and those the engine's owner label names, such as one a creation job
 * made a moment ago).
 */
@Component
class ContainerResources implements UserResources {

    private static final Logger log = LoggerFactory.getLogger(ContainerResources.class);
    private static final Set<String> RUNNING = Set.of("running", "paused", "restarting");
    /** Suspension stops with a short grace period: the account is being stopped, not asked to tidy up. */
    private static final int STOP_GRACE_SECONDS = 5;

    private final ContainerRuntime runtime;
    private final OwnershipRepository ownership;
    private final RunningContainersLimit running;

    ContainerResources(ContainerRuntime runtime, OwnershipRepository ownership, RunningContainersLimit running) {
        this.runtime = runtime;
        this.ownership = ownership;
        this.running = running;
    }

    @Override
    public String kind() {
        return "containers";
    }

    /** Every running container at once (each stop may take its grace period), on virtual threads. */
    @Override
    public void suspend(long userId) {
        List<String> toStop = runtime.listByOwner(userId).stream()
                .filter(container -> RUNNING.contains(container.state()))
                .map(ContainerSummary::id)
                .toList();
        forEachAtOnce(toStop, id -> {
            runtime.stop(id, STOP_GRACE_SECONDS);
            running.release(id);
        });
        log.info("Suspended user {}: {} containers stopped", userId, toStop.size());
    }

    @Override
    public long removeAll(long userId) {
        Set<String> ids = new LinkedHashSet<>(ownership.idsOfOwner(userId));
        runtime.listByOwner(userId).forEach(container -> ids.add(container.id()));
        forEachAtOnce(List.copyOf(ids), id -> {
            runtime.remove(id);
            ownership.forget(id);
        });
        return ids.size();
    }

    private static void forEachAtOnce(List<String> ids, java.util.function.Consumer<String> action) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            ids.forEach(id -> done.add(threads.submit(() -> action.accept(id))));
            for (Future<?> future : done) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
