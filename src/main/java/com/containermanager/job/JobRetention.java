package com.containermanager.job;

import com.containermanager.config.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Finished jobs (completed or failed) older than jobs.retention are deleted; unfinished ones never are. */
@Component
class JobRetention implements RetentionPolicy {

    private final JobRepository jobs;
    private final JobSettings settings;

    JobRetention(JobRepository jobs, JobSettings settings) {
        this.jobs = jobs;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public Duration retention() {
        return settings.retention();
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int batch) {
        return jobs.deleteFinishedBefore(cutoff, batch);
    }
}
