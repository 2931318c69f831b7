package com.containermanager.job;

import com.containermanager.config.RelaxedCommits;
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
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Jobs in PostgreSQL. Every write by a worker is guarded by its lease (lease_owner), so a worker that lost its lease
 * (it stalled, another took the job over) can no longer change the job.
 */
@Repository
class JobRepository {

    static final String CHANNEL = "cm_jobs";
    private static final String COLUMNS =
            "id, owner_id, type, status, payload::text as payload, result::text as result, "
                    + "error, progress_current, progress_total, attempts, created_at, updated_at";
    private static final RowMapper<Job> ROW = JobRepository::map;

    private final JdbcClient jdbc;
    /** Workers' writes: all redone by running the job again, so none needs to wait for the WAL flush. */
    private final RelaxedCommits relaxed;

    JobRepository(JdbcClient jdbc, RelaxedCommits relaxed) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
    }

    /** Inserts the job and notifies idle workers, in one statement. */
    void insert(UUID id, long ownerId, String type, String payload) {
        jdbc.sql("""
                with inserted as (
                    insert into jobs (id, owner_id, type, status, payload)
                    values (:id, :owner, :type, 'pending', cast(:payload as jsonb))
                    returning id)
                select pg_notify('%s', id::text) from inserted""".formatted(CHANNEL))
                .param("id", id)
                .param("owner", ownerId)
                .param("type", type)
                .param("payload", payload)
                .query((rs, n) -> 1)
                .list();
    }

    Set<UUID> unfinished(Collection<UUID> ids) {
        return Set.copyOf(jdbc.sql("select id from jobs where id in (:ids) and status in ('pending', 'running')")
                .param("ids", ids)
                .query(UUID.class)
                .list());
    }

    Optional<Job> findForOwner(UUID id, long ownerId) {
        return jdbc.sql("select " + COLUMNS + " from jobs where id = :id and owner_id = :owner")
                .param("id", id)
                .param("owner", ownerId)
                .query(ROW)
                .optional();
    }

    List<Job> listForOwner(long ownerId, int limit, Instant before) {
        return jdbc.sql("select " + COLUMNS + " from jobs where owner_id = :owner and created_at < :before "
                        + "order by created_at desc, id desc limit :limit")
                .param("owner", ownerId)
                .param("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC))
                .param("limit", limit)
                .query(ROW)
                .list();
    }

    /**
     * Claims the oldest runnable job: pending and due, or running with an expired lease (its worker died).
     * SKIP LOCKED lets many workers, in many instances, claim concurrently without waiting on each other.
     */
    Optional<Job> claim(String worker, Duration lease) {
        return relaxed.run(() -> jdbc.sql("""
                update jobs set status = 'running', attempts = attempts + 1, lease_owner = :worker,
                       lease_until = now() + cast(:lease as interval), updated_at = now()
                where id = (select id from jobs
                            where (status = 'pending' and run_after <= now())
                               or (status = 'running' and lease_until < now())
                            order by created_at
                            for update skip locked
                            limit 1)
                returning """ + " " + COLUMNS)
                .param("worker", worker)
                .param("lease", lease.toMillis() + " milliseconds")
                .query(ROW)
                .optional());
    }

    /** Renews the leases of these claims (each claim's token is its lease_owner). */
    int renew(Collection<String> claims, Duration lease) {
        if (claims.isEmpty()) {
            return 0;
        }
        return relaxed.run(() -> jdbc.sql("update jobs set lease_until = now() + cast(:lease as interval) "
                        + "where lease_owner in (:claims) and status = 'running'")
                .param("lease", lease.toMillis() + " milliseconds")
                .param("claims", claims)
                .update());
    }

    boolean complete(UUID id, String worker, String resultJson) {
        return jdbc.sql("update jobs set status = 'completed', result = cast(:result as jsonb), error = null, "
                                + "lease_owner = null, lease_until = null, updated_at = now() "
                                + "where id = :id and lease_owner = :worker and status = 'running'")
                        .param("result", resultJson)
                        .param("id", id)
                        .param("worker", worker)
                        .update()
                == 1;
    }

    boolean fail(UUID id, String worker, String error) {
        return relaxed.run(() -> jdbc.sql("update jobs set status = 'failed', error = :error, lease_owner = null, "
                                + "lease_until = null, updated_at = now() where id = :id and lease_owner = :worker "
                                + "and status = 'running'")
                        .param("error", error)
                        .param("id", id)
                        .param("worker", worker)
                        .update())
                == 1;
    }

    /** Hands the job back as pending, due after the delay; the error stays visible meanwhile. */
    boolean retryLater(UUID id, String worker, Duration delay, String error) {
        return relaxed.run(() -> jdbc.sql("update jobs set status = 'pending', error = :error, lease_owner = null, "
                                + "lease_until = null, run_after = now() + cast(:delay as interval), updated_at = now() "
                                + "where id = :id and lease_owner = :worker and status = 'running'")
                        .param("error", error)
                        .param("delay", delay.toMillis() + " milliseconds")
                        .param("id", id)
                        .param("worker", worker)
                        .update())
                == 1;
    }

    void progress(UUID id, String worker, long current, long total) {
        relaxed.run(() -> jdbc.sql("update jobs set progress_current = :current, progress_total = :total, "
                        + "updated_at = now() where id = :id and lease_owner = :worker")
                .param("current", current)
                .param("total", total)
                .param("id", id)
                .param("worker", worker)
                .update());
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

    private static Job map(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getLong("owner_id"),
                rs.getString("type"),
                JobStatus.of(rs.getString("status")),
                rs.getString("payload"),
                rs.getString("result"),
                rs.getString("error"),
                (Long) rs.getObject("progress_current"),
                (Long) rs.getObject("progress_total"),
                rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
