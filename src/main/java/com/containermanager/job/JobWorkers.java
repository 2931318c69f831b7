package com.containermanager.job;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's workers: each claims one job at a time from PostgreSQL and hands it to the {@link JobRunner},
 * while a timer renews the leases of the claims held ({@link LeaseKeeper}, on a connection of its own). On shutdown the workers stop claiming, and jobs still running
 * are handed back so that another instance, or the next start, resumes them at once instead of waiting for the
 * lease to expire.
 */
@Component
class JobWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

    private final JobRepository jobs;
    private final JobRunner runner;
    private final JobWakeups wakeups;
    private final JobSettings settings;
    private final Clock clock;
    /** This instance; each claim's lease owner is this id plus a claim token, so no two claims ever share one. */
    private final String instanceId;

    private final LeaseKeeper leases;
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService leaseRenewal;
    private volatile boolean running;

    JobWorkers(
            JobRepository jobs,
            JobRunner runner,
            JobWakeups wakeups,
            JobSettings settings,
            Clock clock,
            LeaseKeeper leases) {
        this.jobs = jobs;
        this.leases = leases;
        this.runner = runner;
        this.wakeups = wakeups;
        this.settings = settings;
        this.clock = clock;
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    @Override
    public void start() {
        running = true;
        leaseRenewal = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("job-lease").daemon().factory());
        long period = Math.max(100, settings.lease().toMillis() / 3);
        leaseRenewal.scheduleAtFixedRate(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(Thread.ofVirtual().name("job-worker-" + i).start(this::work));
        }
        log.info("Started {} job workers as {}", settings.workers(), instanceId);
    }

    @Override
    public void stop() {
        running = false;
        wakeups.wakeLocal();
        Instant deadline = clock.instant().plus(settings.shutdownGrace());
        for (Thread thread : threads) {
            try {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0 || !thread.join(Duration.ofMillis(left))) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int released = jobs.releaseAll(instanceId);
        if (released > 0) {
            log.info("Handed back {} unfinished job(s) for another worker to resume", released);
        }
        leaseRenewal.shutdownNow();
        try {
            leaseRenewal.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leases.close();
        threads.forEach(Thread::interrupt);
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work() {
        while (running) {
            try {
                String claim = instanceId + "/" + UUID.randomUUID();
                long claimedAt = System.nanoTime();
                var claimed = jobs.claim(claim, settings.lease());
                if (claimed.isPresent()) {
                    leases.track(claim, claimedAt);
                    try {
                        runner.run(claimed.get(), claim, () -> running);
                    } finally {
                        leases.forget(claim);
                    }
                } else {
                    wakeups.await(settings.idlePoll());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Job worker could not reach the database: {}", e.getMessage());
                try {
                    wakeups.await(settings.idlePoll());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void renewLeases() {
        try {
            leases.renew();
        } catch (RuntimeException e) {
            log.warn("Could not renew job leases: {}", e.getMessage());
        }
    }
}
