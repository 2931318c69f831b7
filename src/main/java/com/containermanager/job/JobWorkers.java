package com.containermanager.job;

import com.containermanager.audit.AuditTrail;
import com.containermanager.config.RelaxedCommits;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * This instance's workers. Each claims one job at a time from PostgreSQL, renews its lease while the handler runs,
 * and records the outcome. On shutdown the workers stop claiming, and jobs still running are handed back so that
 * another instance, or the next start, resumes them at once instead of waiting for the lease to expire.
 */
@Component
class JobWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final JobRepository jobs;
    private final JobWakeups wakeups;
    private final JobSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, JobHandler> handlers;
    private final JobMetrics metrics;
    private final AuditTrail audit;
    private final RelaxedCommits relaxed;
    /** This instance; each claim's lease owner is this id plus a claim token, so no two claims ever share one. */
    private final String instanceId;

    private final Set<String> heldClaims = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService leaseRenewal;
    private volatile boolean running;

    JobWorkers(
            JobRepository jobs,
            JobWakeups wakeups,
            JobSettings settings,
            JsonMapper json,
            Clock clock,
            List<JobHandler> handlers,
            JobMetrics metrics,
            AuditTrail audit,
            RelaxedCommits relaxed) {
        this.relaxed = relaxed;
        this.metrics = metrics;
        this.audit = audit;
        this.jobs = jobs;
        this.wakeups = wakeups;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
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
                var claimed = jobs.claim(claim, settings.lease());
                if (claimed.isPresent()) {
                    run(claimed.get(), claim);
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

    private void run(Job job, String claim) {
        heldClaims.add(claim);
        MDC.put("job_id", job.id().toString());
        try {
            JobHandler handler = handlers.get(job.type());
            if (handler == null) {
                failed(job, claim, "unknown job type " + job.type());
                return;
            }
            log.info("Running {} job (attempt {})", job.type(), job.attempts());
            JobOutcome outcome = handler.handle(new Execution(job, claim));
            Map<String, Object> result = outcome.result();
            boolean completed = relaxed.run(() -> {
                boolean mine = jobs.complete(job.id(), claim, json.writeValueAsString(result));
                if (mine) {
                    outcome.recordWithCompletion().run();
                }
                return mine;
            });
            if (completed) {
                log.info("Job completed");
                metrics.finished(job.type(), JobStatus.COMPLETED);
                audit.record(
                        job.ownerId(),
                        "job." + job.type(),
                        job.id().toString(),
                        "completed",
                        result.values().stream()
                                .map(String::valueOf)
                                .findFirst()
                                .orElse(null));
            } else {
                log.warn("Job finished after its lease was lost; the worker that took it over records the outcome");
            }
        } catch (JobFailure failure) {
            recordFailure(job, claim, failure);
        } catch (DataAccessException e) {
            // Handlers are idempotent, so a database hiccup is worth another attempt, not a failed job.
            recordFailure(job, claim, JobFailure.transient_("database unavailable", e));
        } catch (RuntimeException e) {
            log.error("Job failed unexpectedly", e);
            failed(job, claim, "internal error");
        } finally {
            heldClaims.remove(claim);
            MDC.remove("job_id");
        }
    }

    private void recordFailure(Job job, String claim, JobFailure failure) {
        boolean withinRetryWindow = clock.instant().isBefore(job.createdAt().plus(settings.retryFor()));
        if (failure.retryable() && withinRetryWindow && running) {
            Duration delay = backoff(job.attempts());
            log.warn("Job hit a transient failure ({}); retrying in {} ms", failure.getMessage(), delay.toMillis());
            jobs.retryLater(job.id(), claim, delay, failure.getMessage());
        } else if (failure.retryable() && !running) {
            jobs.release(claim);
        } else {
            String error = failure.retryable()
                    ? failure.getMessage() + " (gave up after "
                            + settings.retryFor().toSeconds() + " s)"
                    : failure.getMessage();
            log.info("Job failed: {}", error);
            failed(job, claim, error);
        }
    }

    private void failed(Job job, String claim, String error) {
        if (jobs.fail(job.id(), claim, error)) {
            metrics.finished(job.type(), JobStatus.FAILED);
            audit.record(job.ownerId(), "job." + job.type(), job.id().toString(), "failed", error);
        }
    }

    static Duration backoff(int attempts) {
        Duration delay = Duration.ofMillis(500L << Math.min(Math.max(attempts - 1, 0), 10));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private void renewLeases() {
        try {
            jobs.renew(Set.copyOf(heldClaims), settings.lease());
        } catch (RuntimeException e) {
            log.warn("Could not renew job leases: {}", e.getMessage());
        }
    }

    private final class Execution implements JobExecution {
        private static final long PROGRESS_INTERVAL_MS = 500;
        private final Job job;
        private final String claim;
        private long lastProgressWrite;

        Execution(Job job, String claim) {
            this.job = job;
            this.claim = claim;
        }

        @Override
        public UUID jobId() {
            return job.id();
        }

        @Override
        public long ownerId() {
            return job.ownerId();
        }

        @Override
        public String payload() {
            return job.payload();
        }

        @Override
        public int attempt() {
            return job.attempts();
        }

        @Override
        public synchronized void reportProgress(long current, long total) {
            long now = clock.millis();
            if (now - lastProgressWrite >= PROGRESS_INTERVAL_MS || (total > 0 && current >= total)) {
                lastProgressWrite = now;
                jobs.progress(job.id(), claim, current, total);
            }
        }
    }
}
