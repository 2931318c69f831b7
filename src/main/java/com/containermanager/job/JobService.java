package com.containermanager.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
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

    /** Stores the job (durably, before this returns) and wakes a worker. */
    public UUID submit(long ownerId, String type, Object payload) {
        UUID id = UUID.randomUUID();
        jobs.insert(id, ownerId, type, json.writeValueAsString(payload));
        wakeups.wakeLocal();
        return id;
    }

    public Job get(UUID id, long ownerId) {
        return jobs.findForOwner(id, ownerId).orElseThrow(JobNotFoundException::new);
    }

    public List<Job> list(long ownerId, int limit, Instant before) {
        return jobs.listForOwner(ownerId, limit, before);
    }
}
