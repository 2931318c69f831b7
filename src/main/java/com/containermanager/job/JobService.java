package com.containermanager.job;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Submitting jobs and reading them back, for their owners. */
@Service
public class JobService {

    private final JobRepository jobs;
    private final JsonMapper json;
    private final JobWakeups wakeups;

    JobService(JobRepository jobs, JsonMapper json, JobWakeups wakeups) {
        this.jobs = jobs;
        this.json = json;
        this.wakeups = wakeups;
    }

    /**
     * Stores the job (durably, before this returns, or with the caller's transaction) and wakes a worker of this
     * instance once the job is visible to it; other instances hear of it through NOTIFY, which PostgreSQL delivers
     * at commit.
     */
    public UUID submit(long ownerId, String type, Object payload) {
        UUID id = UUID.randomUUID();
        jobs.insert(id, ownerId, type, json.writeValueAsString(payload));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeups.wakeLocal();
                }
            });
        } else {
            wakeups.wakeLocal();
        }
        return id;
    }

    public Job get(UUID id, long ownerId) {
        return jobs.findForOwner(id, ownerId).orElseThrow(JobNotFoundException::new);
    }

    public List<Job> list(long ownerId, int limit, Instant before) {
        return jobs.listForOwner(ownerId, limit, before);
    }

    /** Those of these jobs that have not ended (pending or running): work that may still claim what it made. */
    public Set<UUID> unfinished(Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : jobs.unfinished(ids);
    }
}
