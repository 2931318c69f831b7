package com.containermanager.job;

import com.containermanager.platform.RelaxedCommits;
import com.containermanager.platform.TableRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Finished jobs (completed or failed) older than jobs.retention are deleted; unfinished ones never are. */
@Component
class JobRetention extends TableRetention {

    JobRetention(JdbcClient jdbc, RelaxedCommits relaxed, JobSettings settings) {
        super("jobs", settings.retention(), "jobs", "updated_at", "status in ('completed', 'failed')", jdbc, relaxed);
    }
}
