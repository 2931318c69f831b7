package com.containermanager.job;

import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserLock;
import com.containermanager.web.Page;
import com.containermanager.web.PageCursor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Submitting jobs (within the user's limit of unfinished jobs) and reading them back, for their owners. */
@Service
public class JobService implements UsageSource {

    private static final String CURSOR = "jobs";
    /** Later than any job: where a list without a cursor starts. */
    private static final JobRepository.Position START =
            new JobRepository.Position(Instant.parse("9999-12-31T00:00:00Z"), new UUID(-1L, -1L));

    private final JobRepository jobs;
    /**
     * Finished jobs as read, for clients that poll them: a finished job never changes again, on any instance, so
     * a cached one is what PostgreSQL would answer until retention may delete it; past that, PostgreSQL is asked.
     */
    private final Cache<UUID, JobView> finished = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    private final JsonMapper json;
    private final JobWakeups wakeups;
    private final UserLock userLock;
    private final LimitSettings limits;
    private final UserLimits userLimits;

    private final JobSettings settings;
    private final Clock clock;

    JobService(
            JobRepository jobs,
            JsonMapper json,
            JobWakeups wakeups,
            UserLock userLock,
            LimitSettings limits,
            UserLimits userLimits,
            JobSettings settings,
            Clock clock) {
        this.userLimits = userLimits;
        this.jobs = jobs;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.wakeups = wakeups;
        this.userLock = userLock;
        this.limits = limits;
    }

    /**
     * Stores the job, in the caller's transaction or its own, and wakes a worker of this instance once the job is
     * visible to it; other instances hear of it through NOTIFY, which PostgreSQL delivers at commit. Refused with 403
     * when the owner has {@code limits.unfinished_jobs} jobs pending or running: the count and the insert happen
     * under the owner's lock, so concurrent submissions, on any instance, cannot jointly pass it.
     */
    @Transactional
    public UUID submit(long ownerId, String type, Object payload) {
        // A limit switched off (0) costs no lock and no count.
        int limit = unfinishedJobsLimit(ownerId);
        if (limit > 0) {
            userLock.lock(ownerId);
            if (LimitSettings.reached(limit, jobs.countUnfinished(ownerId, null))) {
                throw new LimitReachedException(LimitSettings.UNFINISHED_JOBS, limit);
            }
        }
        UUID id = UUID.randomUUID();
        jobs.insert(id, ownerId, type, json.writeValueAsString(payload));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeups.wakeLocal();
            }
        });
        return id;
    }

    /** A finished job comes from the cache when it is there; anything else from PostgreSQL. */
    public JobView get(UUID id, long ownerId) {
        JobView cached = finished.getIfPresent(id);
        if (cached != null
                && cached.ownerId() == ownerId
                && cached.updatedAt().plus(settings.retention()).isAfter(clock.instant())) {
            return cached;
        }
        JobView job = jobs.findForOwner(id, ownerId).orElseThrow(JobNotFoundException::new);
        if (job.status() == JobStatus.COMPLETED || job.status() == JobStatus.FAILED) {
            finished.put(id, job);
        }
        return job;
    }

    /** A page of the owner's jobs, newest first, created before {@code before}, after the cursor's position. */
    public Page<JobView> list(long ownerId, int limit, Instant before, @Nullable String cursor) {
        List<JobView> fetched = jobs.listForOwner(ownerId, limit + 1, before, cursor == null ? START : decode(cursor));
        return Page.of(
                fetched,
                limit,
                job -> PageCursor.encode(
                        CURSOR, job.createdAt().toString(), job.id().toString()));
    }

    private static JobRepository.Position decode(String cursor) {
        List<String> parts = PageCursor.decode(CURSOR, cursor, 2);
        Instant createdAt = PageCursor.instant(parts.get(0));
        try {
            return new JobRepository.Position(createdAt, UUID.fromString(parts.get(1)));
        } catch (IllegalArgumentException e) {
            throw PageCursor.invalid();
        }
    }

    /** The owner's pending or running jobs of this type, or of any type when null. */
    public long countUnfinished(long ownerId, @Nullable String type) {
        return jobs.countUnfinished(ownerId, type);
    }

    /**
     * Whether a pending or running job of this type of the owner's carries this value at this field of its payload:
     * what a job will make, such as a container's name, is taken before it exists.
     */
    public boolean unfinishedWith(long ownerId, String type, String field, String value) {
        return jobs.unfinishedWith(ownerId, type, field, value);
    }

    /** The owner's jobs of this type submitted after {@code since}. */
    public SubmissionCount submittedSince(long ownerId, String type, Instant since) {
        return jobs.submittedSince(ownerId, type, since);
    }

    @Override
    public Map<String, Usage> usageOf(long userId) {
        return Map.of(
                LimitSettings.UNFINISHED_JOBS,
                new Usage(jobs.countUnfinished(userId, null), unfinishedJobsLimit(userId)));
    }

    private int unfinishedJobsLimit(long userId) {
        return userLimits.of(userId).get(LimitSettings.UNFINISHED_JOBS, limits.unfinishedJobs());
    }

    /** The queue of every user, for admins: jobs pending and running now. */
    public QueueCounts queue() {
        return jobs.queue();
    }

    public record QueueCounts(long pending, long running) {}

    /** Those of these jobs that have not ended (pending or running): work that may still claim what it made. */
    public Set<UUID> unfinished(Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : jobs.unfinished(ids);
    }
}
