package com.containermanager.job;

import com.containermanager.platform.RelaxedCommits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Jobs in PostgreSQL. Every write by a worker is guarded by its lease (lease_owner), so a worker that lost its lease
 * (it stalled, another took the job over) can no longer change the job; outcomes are recorded only while the lease
 * has not expired, by the database's clock.
 */
@Repository
class JobRepository {

    /** What read paths select: never the payload, which no answer returns. */
    private static final String VIEW_COLUMNS = "id, owner_id, type, status, result::text as result, "
            + "error, progress_current, progress_total, attempts, created_at, updated_at";
    /** What a worker's claim returns: what the runner and the handler need, the payload included. */
    private static final String COLUMNS = "id, owner_id, type, payload::text as payload, attempts, created_at";

    private static final RowMapper<Job> ROW = JobRepository::map;
    private static final RowMapper<JobView> VIEW = JobRepository::mapView;
    private static final String UNFINISHED = "status in ('pending', 'running')";

    private final JdbcClient jdbc;
    /** Workers' writes: all redone by running the job again, so none needs to wait for the WAL flush. */
    private final RelaxedCommits relaxed;

    JobRepository(JdbcClient jdbc, RelaxedCommits relaxed) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
    }

    /**
     * Inserts the job. Its one notification is the trigger's change on cm_job_events (V21), which also wakes the
     * idle workers of every instance ({@link JobWakeups}).
     */
    void insert(UUID id, long ownerId, String type, String payload) {
        jdbc.sql("insert into jobs (id, owner_id, type, status, payload) "
                        + "values (:id, :owner, :type, 'pending', cast(:payload as jsonb))")
                .param("id", id)
                .param("owner", ownerId)
                .param("type", type)
                .param("payload", payload)
                .update();
    }

    Set<UUID> unfinished(Collection<UUID> ids) {
        return Set.copyOf(jdbc.sql("select id from jobs where id in (:ids) and status in ('pending', 'running')")
                .param("ids", ids)
                .query(UUID.class)
                .list());
    }

    Optional<JobView> findForOwner(UUID id, long ownerId) {
        return jdbc.sql("select " + VIEW_COLUMNS + " from jobs where id = :id and owner_id = :owner")
                .param("id", id)
                .param("owner", ownerId)
                .query(VIEW)
                .optional();
    }

    /** The owner's jobs created before {@code before} and after the position (newest first), at most limit. */
    List<JobView> listForOwner(long ownerId, int limit, Instant before, Position after) {
        return jdbc.sql("select " + VIEW_COLUMNS + " from jobs where owner_id = :owner and created_at < :before "
                        + "and (created_at, id) < (:afterTime, :afterId) "
                        + "order by created_at desc, id desc limit :limit")
                .param("owner", ownerId)
                .param("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC))
                .param("afterTime", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
                .param("afterId", after.id())
                .param("limit", limit)
                .query(VIEW)
                .list();
    }

    /** A place in the newest-first order of a user's jobs. */
    record Position(Instant createdAt, UUID id) {}

    /** The owner's pending or running jobs, of one type or (type null) of any. */
    long countUnfinished(long ownerId, @Nullable String type) {
        return jdbc.sql("select count(*) from jobs where owner_id = :owner and " + UNFINISHED
                        + (type == null ? "" : " and type = :type"))
                .param("owner", ownerId)
                .param("type", type == null ? "" : type)
                .query(Long.class)
                .single();
    }

    /** Whether an unfinished job of this type of the owner's has this text at this top-level field of its payload. */
    boolean unfinishedWith(long ownerId, String type, String field, String value) {
        return jdbc.sql("select exists (select 1 from jobs where owner_id = :owner and " + UNFINISHED
                        + " and type = :type and payload ->> :field = :value)")
                .param("owner", ownerId)
                .param("type", type)
                .param("field", field)
                .param("value", value)
                .query(Boolean.class)
                .single();
    }

    /** How many jobs of this type the owner submitted after {@code since}, and when the first of them was. */
    SubmissionCount submittedSince(long ownerId, String type, Instant since) {
        return jdbc.sql("select count(*) as n, min(created_at) as first from jobs "
                        + "where owner_id = :owner and type = :type and created_at > :since")
                .param("owner", ownerId)
                .param("type", type)
                .param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query((rs, n) -> {
                    OffsetDateTime first = rs.getObject("first", OffsetDateTime.class);
                    return new SubmissionCount(rs.getLong("n"), first == null ? null : first.toInstant());
                })
                .single();
    }

    /** Jobs pending and running now, of every user. */
    JobService.QueueCounts queue() {
        return jdbc.sql("select count(*) filter (where status = 'pending') as pending, "
                        + "count(*) filter (where status = 'running') as running from jobs "
                        + "where status in ('pending', 'running')")
                .query((rs, n) -> new JobService.QueueCounts(rs.getLong("pending"), rs.getLong("running")))
                .single();
    }

    /**
     * Claims the next job, fairly: among the owners with runnable jobs (pending and due, or running with an expired
     * lease because their worker died), the owner with the fewest jobs running now, and of that owner's jobs the
     * oldest. So one user's long queue delays another user's job by about one job per worker, not by the queue.
     * SKIP LOCKED lets many workers, in many instances, claim concurrently without waiting on each other.
     */
    Optional<Job> claim(String worker, Duration lease) {
        // One round trip: the statement relaxes its own commit (see RelaxedCommits.relaxingCondition).
        return jdbc.sql("""
                with running as (
                    select owner_id, count(*) as n from jobs
                    where status = 'running' and lease_until >= now()
                    group by owner_id)
                update jobs set status = 'running', attempts = attempts + 1, lease_owner = :worker,
                       lease_until = now() + cast(:lease as interval), updated_at = now()
                where id = (select j.id from jobs j left join running r on r.owner_id = j.owner_id
                            where (j.status = 'pending' and j.run_after <= now())
                               or (j.status = 'running' and j.lease_until < now())
                            order by coalesce(r.n, 0), j.created_at
                            for update of j skip locked
                            limit 1)
                  and %s
                returning %s""".formatted(relaxed.relaxingCondition(), COLUMNS))
                .param("worker", worker)
                .param("lease", lease.toMillis() + " milliseconds")
                .query(ROW)
                .optional();
    }

    /**
     * A finished job keeps no payload: nothing reads it again, and it may be 64 KiB a job for a week. The first
     * statement of its transaction ({@link RelaxedCommits#runRelaxedByFirstStatement}): it relaxes that commit.
     */
    boolean complete(UUID id, String worker, String resultJson) {
        return jdbc.sql(
                                "update jobs set status = 'completed', result = cast(:result as jsonb), error = null, payload = '{}', "
                                        + "lease_owner = null, lease_until = null, updated_at = now() "
                                        + "where id = :id and lease_owner = :worker and status = 'running' and lease_until > now() "
                                        + "and " + RelaxedCommits.RELAX_THIS_STATEMENT + " is not null")
                        .param("result", resultJson)
                        .param("id", id)
                        .param("worker", worker)
                        .update()
                == 1;
    }

    boolean fail(UUID id, String worker, String error) {
        return relaxed.run(() -> jdbc.sql(
                                "update jobs set status = 'failed', error = :error, payload = '{}', lease_owner = null, "
                                        + "lease_until = null, updated_at = now() where id = :id and lease_owner = :worker "
                                        + "and status = 'running' and lease_until > now()")
                        .param("error", error)
                        .param("id", id)
                        .param("worker", worker)
                        .update())
                == 1;
    }

    /** Hands the job back as pending, due after the delay; the error stays visible meanwhile. */
    boolean retryLater(UUID id, String worker, Duration delay, String error) {
        return jdbc.sql("update jobs set status = 'pending', error = :error, lease_owner = null, "
                                + "lease_until = null, run_after = now() + cast(:delay as interval), updated_at = now() "
                                + "where id = :id and lease_owner = :worker and status = 'running' "
                                + "and lease_until > now() and " + relaxed.relaxingCondition())
                        .param("error", error)
                        .param("delay", delay.toMillis() + " milliseconds")
                        .param("id", id)
                        .param("worker", worker)
                        .update()
                == 1;
    }

    void progress(UUID id, String worker, long current, long total) {
        jdbc.sql("update jobs set progress_current = :current, progress_total = :total, "
                        + "updated_at = now() where id = :id and lease_owner = :worker and "
                        + relaxed.relaxingCondition())
                .param("current", current)
                .param("total", total)
                .param("id", id)
                .param("worker", worker)
                .update();
    }

    /** The latest {@code max} jobs changed within the window (by the database's clock), oldest change first. */
    List<JobView> changedWithin(Duration window, int max) {
        return jdbc.sql("select * from (select " + VIEW_COLUMNS + " from jobs "
                        + "where updated_at > now() - cast(:window as interval) order by updated_at desc limit :max) "
                        + "latest order by updated_at")
                .param("window", window.toMillis() + " milliseconds")
                .param("max", max)
                .query(VIEW)
                .list();
    }

    /** On shutdown: every job this instance still holds becomes pending again, due at once. */
    int releaseAll(String instance) {
        return jdbc.sql(
                        "update jobs set status = 'pending', lease_owner = null, lease_until = null, run_after = now(), "
                                + "updated_at = now() where starts_with(lease_owner, :prefix) and status = 'running'")
                .param("prefix", instance + "/")
                .update();
    }

    /** Hands one claim back, pending and due at once. */
    void release(String claim) {
        jdbc.sql("update jobs set status = 'pending', lease_owner = null, lease_until = null, run_after = now(), "
                        + "updated_at = now() where lease_owner = :claim and status = 'running'")
                .param("claim", claim)
                .update();
    }

    private static JobView mapView(ResultSet rs, int row) throws SQLException {
        return new JobView(
                rs.getObject("id", UUID.class),
                rs.getLong("owner_id"),
                rs.getString("type"),
                JobStatus.of(rs.getString("status")),
                rs.getString("result"),
                rs.getString("error"),
                (Long) rs.getObject("progress_current"),
                (Long) rs.getObject("progress_total"),
                rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static Job map(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getLong("owner_id"),
                rs.getString("type"),
                rs.getString("payload"),
                rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
