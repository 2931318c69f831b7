package com.containermanager.job.spi;

/**
 * Thrown by {@link JobExecution#ensureClaimed()}: this worker can no longer be sure that it still holds its job (its
 * lease could not be renewed), so it must not take a step that another worker may already have undone or redone.
 * The worker stops and records nothing; whoever takes the job over finishes it.
 */
public final class JobLeaseLost extends RuntimeException {
    public JobLeaseLost() {
        super("the job's lease could not be renewed", null, false, false);
    }
}
