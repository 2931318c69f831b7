package com.containermanager.container;

import com.containermanager.auth.KnownUsers;
import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.job.JobService;
import com.containermanager.platform.BackgroundLoops;
import com.containermanager.platform.PeriodicTask;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ManagedContainer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Removes containers of this installation that nobody owns: those of deleted users, and those with no ownership
 * row, older than the grace period and claimed by no unfinished job (a creation in progress, or waiting to retry).
 * What it reads, in this order, makes a container that is being completed safe: its job is unfinished when the
 * jobs are read, or its row (written with the job's completion) exists when the rows are read after them. Every
 * instance sweeps; removing twice is harmless. Containers without this installation's label (another
 * installation's, or made before this release) are never touched.
 */
@Component
class OrphanSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final ContainerRuntime runtime;
    private final OwnershipRepository ownership;
    private final JobService jobs;
    private final KnownUsers users;
    private final OrphanRemovals removals;
    private final OrphanSettings settings;
    private final Clock clock;
    private final PeriodicTask loop;

    OrphanSweeper(
            ContainerRuntime runtime,
            OwnershipRepository ownership,
            JobService jobs,
            KnownUsers users,
            OrphanRemovals removals,
            OrphanSettings settings,
            Clock clock,
            BackgroundLoops loops) {
        this.runtime = runtime;
        this.ownership = ownership;
        this.jobs = jobs;
        this.users = users;
        this.removals = removals;
        this.settings = settings;
        this.clock = clock;
        this.loop = new PeriodicTask(loops, "orphan-sweeper", settings.interval(), this::sweep);
    }

    /** One pass; the supervised loop around it survives anything it throws, Errors included, and goes on. */
    void sweep() {
        List<ManagedContainer> managed = runtime.listManaged();
        if (managed.isEmpty()) {
            return;
        }
        Set<UUID> unfinished = jobs.unfinished(managed.stream()
                .map(ManagedContainer::jobId)
                .filter(Objects::nonNull)
                .toList());
        Set<String> owned =
                ownership.existing(managed.stream().map(ManagedContainer::id).toList());
        Set<Long> owners = users.existing(
                managed.stream().map(ManagedContainer::ownerId).distinct().toList());
        Instant graceStart = clock.instant().minus(settings.grace());
        for (ManagedContainer container : managed) {
            if (!owners.contains(container.ownerId())) {
                remove(container, OrphanRemovals.Reason.DELETED_USER);
            } else if (!owned.contains(container.id())
                    && (container.jobId() == null || !unfinished.contains(container.jobId()))
                    && container.createdAt().isBefore(graceStart)) {
                remove(container, OrphanRemovals.Reason.UNOWNED);
            }
        }
    }

    private void remove(ManagedContainer container, OrphanRemovals.Reason reason) {
        log.info("Removing container {} of user {}: {}", container.id(), container.ownerId(), reason);
        runtime.remove(container.id());
        removals.removed(reason);
    }

    @Override
    public void start() {
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
