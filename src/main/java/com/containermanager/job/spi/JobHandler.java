package com.containermanager.job.spi;

/**
 * Does the work of one job type. Handlers must be idempotent: a job whose worker died is run again, and the
 * second run must adopt what the first one left rather than do it twice.
 */
public interface JobHandler {

    String type();

    /**
     * Runs the job and returns its outcome (the result is stored as JSON). Throw {@link JobFailure#permanent} for
     * failures that a retry cannot fix and {@link JobFailure#temporary} for those that it may.
     */
    JobOutcome handle(JobExecution execution);
}
