package com.containermanager.job;

import com.containermanager.platform.BackgroundLoops;
import com.containermanager.platform.SupervisedLoop;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's workers: each claims one job at a time from PostgreSQL and hands it to the {@link JobRunner},
 * while a loop renews the leases of the claims held ({@link LeaseKeeper}, on a connection of its own). Both are supervised loops: a failure, even an Error, is logged
 * and the loop goes on. On shutdown the workers stop claiming, and jobs still running
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
    private final List<SupervisedLoop> workers = new ArrayList<>();
    private final BackgroundLoops loops;
    private SupervisedLoop leaseRenewal;
    private volatile boolean running;

    JobWorkers(
            JobRepository jobs,
            JobRunner runner,
            JobWakeups wakeups,
            JobSettings settings,
            Clock clock,
            BackgroundLoops loops,
            LeaseKeeper leases) {
        this.jobs = jobs;
        this.leases = leases;
        this.loops = loops;
        this.runner = runner;
        this.wakeups = wakeups;
        this.settings = settings;
        this.clock = clock;
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    @Override
    public void start() {
        running = true;
        // Not a scheduled executor: a periodic task that throws once is never run again.
        leaseRenewal = loops.every("job-lease", renewalPeriod(), leases::renew);
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(loops.start("job-worker-" + i, Thread.ofVirtual(), this::claimAndRun));
        }
        log.info("Started {} job workers as {}", settings.workers(), instanceId);
    }

    private Duration renewalPeriod() {
        return Duration.ofMillis(Math.max(100, settings.lease().toMillis() / 3));
    }

    @Override
    public void stop() {
        running = false;
        workers.forEach(SupervisedLoop::requestStop);
        wakeups.wakeLocal();
        Instant deadline = clock.instant().plus(settings.shutdownGrace());
        for (SupervisedLoop worker : workers) {
            try {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0 || !worker.join(Duration.ofMillis(left))) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        leases.loseAll();
        int released = jobs.releaseAll(instanceId);
        if (released > 0) {
            log.info("Handed back {} unfinished job(s) for another worker to resume", released);
        }
        loops.stop(leaseRenewal);
        leases.close();
        workers.forEach(loops::stop);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One turn of a worker: claim a job and run it, or wait for one. */
    private void claimAndRun() throws InterruptedException {
        String claim = instanceId + "/" + UUID.randomUUID();
        long claimedAt = System.nanoTime();
        var claimed = jobs.claim(claim, settings.lease());
        if (claimed.isEmpty()) {
            wakeups.await(settings.idlePoll());
            return;
        }
        leases.track(claim, claimedAt);
        try {
            runner.run(claimed.get(), claim, () -> running);
        } finally {
            leases.forget(claim);
        }
    }
}
