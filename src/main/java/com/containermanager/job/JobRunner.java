package com.containermanager.job;

import com.containermanager.job.spi.JobExecution;
import com.containermanager.job.spi.JobFailure;
import com.containermanager.job.spi.JobHandler;
import com.containermanager.job.spi.JobLeaseLost;
import com.containermanager.job.spi.JobOutcome;
import com.containermanager.platform.Backoff;
import com.containermanager.platform.RelaxedCommits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed job with its handler and records how it ended: completed, failed, or handed back to be retried
 * after a backoff. Every write is guarded by the claim, so a worker that lost its lease changes nothing. The outcome
 * is published as {@link JobFinished} inside the transaction that records it.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    static final Backoff RETRY_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    private final JobRepository jobs;
    private final Map<String, JobHandler> handlers;
    private final JobSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final RelaxedCommits relaxed;
    private final ApplicationEventPublisher events;
    private final LeaseCheck leases;

    JobRunner(
            JobRepository jobs,
            List<JobHandler> handlers,
            JobSettings settings,
            JsonMapper json,
            Clock clock,
            RelaxedCommits relaxed,
            ApplicationEventPublisher events,
            LeaseCheck leases) {
        this.jobs = jobs;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.relaxed = relaxed;
        this.events = events;
        this.leases = leases;
    }

    /**
     * Runs the job under this claim. {@code accepting} says whether the instance still takes work: a job that hits
     * a transient failure while the instance shuts down is handed back at once, for another instance to resume.
     */
    void run(Job job, String claim, BooleanSupplier accepting) {
        MDC.put("job_id", job.id().toString());
        try {
            JobHandler handler = handlers.get(job.type());
            if (handler == null) {
                fail(job, claim, "unknown job type " + job.type());
                return;
            }
            // One INFO line per job that ends well, its completion's: a first attempt's start says nothing more.
            if (job.attempts() > 1) {
                log.info("Running {} job (attempt {})", job.type(), job.attempts());
            } else {
                log.debug("Running {} job (attempt 1)", job.type());
            }
            long started = System.nanoTime();
            complete(job, claim, handler.handle(new ClaimedExecution(job, claim)), started);
        } catch (JobLeaseLost lost) {
            log.warn("Job stopped before an irreversible step: its lease could not be renewed; the worker that takes"
                    + " it over finishes it");
        } catch (JobFailure failure) {
            recordFailure(job, claim, failure, accepting.getAsBoolean());
        } catch (DataAccessException e) {
            // Handlers are idempotent, so a database hiccup is worth another attempt, not a failed job.
            recordFailure(job, claim, JobFailure.temporary("database unavailable", e), accepting.getAsBoolean());
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // A bug, not the job's fault, and the same again on a retry: fail it instead of trying forever.
            log.error("Job failed unexpectedly", e);
            fail(job, claim, "internal error");
        } finally {
            MDC.remove("job_id");
        }
    }

    /** The job's completion, the handler's own records and the event's listeners commit together, or not at all. */
    private void complete(Job job, String claim, JobOutcome outcome, long started) {
        if (!stillHeld(claim)) {
            return;
        }
        Map<String, Object> result = outcome.result();
        // The completion is the transaction's first statement, and relaxes its commit: no SET LOCAL round trip.
        boolean completed = relaxed.runRelaxedByFirstStatement(() -> {
            if (!jobs.complete(job.id(), claim, json.writeValueAsString(result))) {
                return false;
            }
            outcome.recordWithCompletion().run();
            events.publishEvent(
                    new JobFinished(job.id(), job.ownerId(), job.type(), JobStatus.COMPLETED, firstValue(result)));
            return true;
        });
        if (completed) {
            log.info(
                    "Job completed: {} {} (attempt {}, {} ms)",
                    job.type(),
                    result,
                    job.attempts(),
                    (System.nanoTime() - started) / 1_000_000);
        } else {
            log.warn("Job finished after its lease was lost; the worker that took it over records the outcome");
        }
    }

    private void recordFailure(Job job, String claim, JobFailure failure, boolean accepting) {
        if (!stillHeld(claim)) {
            return;
        }
        boolean withinRetryWindow = clock.instant().isBefore(job.createdAt().plus(settings.retryFor()));
        if (failure.retryable() && withinRetryWindow && accepting) {
            Duration delay = RETRY_BACKOFF.delay(job.attempts() - 1);
            log.warn("Job hit a transient failure ({}); retrying in {} ms", failure.getMessage(), delay.toMillis());
            jobs.retryLater(job.id(), claim, delay, failure.getMessage());
        } else if (failure.retryable() && !accepting) {
            jobs.release(claim);
        } else {
            String error = failure.retryable()
                    ? failure.getMessage() + " (gave up after "
                            + settings.retryFor().toSeconds() + " s)"
                    : failure.getMessage();
            log.info("Job failed: {}", error);
            fail(job, claim, error);
        }
    }

    /** An outcome is recorded only by a worker sure of its lease; the database checks it again as it writes. */
    private boolean stillHeld(String claim) {
        if (leases.held(claim)) {
            return true;
        }
        log.warn("Job outcome not recorded: the lease could not be renewed; the worker that takes it over records it");
        return false;
    }

    private void fail(Job job, String claim, String error) {
        if (!stillHeld(claim)) {
            return;
        }
        relaxed.run(() -> {
            if (jobs.fail(job.id(), claim, error)) {
                events.publishEvent(new JobFinished(job.id(), job.ownerId(), job.type(), JobStatus.FAILED, error));
            }
            return null;
        });
    }

    /** What the handler sees of its job; progress writes are throttled, and guarded by the claim like the rest. */
    private final class ClaimedExecution implements JobExecution {
        private static final long PROGRESS_INTERVAL_MS = 500;
        private final Job job;
        private final String claim;
        private long lastProgressWrite;

        ClaimedExecution(Job job, String claim) {
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
        public void ensureClaimed() {
            if (!leases.held(claim)) {
                throw new JobLeaseLost();
            }
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

    private static @Nullable String firstValue(Map<String, Object> result) {
        return result.values().stream().map(String::valueOf).findFirst().orElse(null);
    }
}
