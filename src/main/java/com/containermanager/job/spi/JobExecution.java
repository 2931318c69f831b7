package com.containermanager.job.spi;

import java.util.UUID;

/** What a handler sees of the job it runs, and its one way to report progress. */
public interface JobExecution {

    UUID jobId();

    long ownerId();

    String payload();

    int attempt();

    /**
     * Call right before a step that a retry cannot take back, such as removing a container: throws
     * {@link JobLeaseLost} when the lease may have passed to another worker, which may already rely on what this
     * step would destroy.
     */
    void ensureClaimed();

    /** Progress for clients that draw a bar (bytes pulled, say); cheap to call often: writes are throttled. */
    void reportProgress(long current, long total);
}
