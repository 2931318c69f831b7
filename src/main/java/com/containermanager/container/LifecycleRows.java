package com.containermanager.container;

import com.containermanager.container.LifecyclePolicy.StopReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The lifecycle columns of the containers table: what the policy round judges every container by, with no engine
 * call. Kept true by our own start and stop (written inside the coordinated operation), by the engine's events (a
 * container that exits on its own), and checked against the engine before the policy acts on a container.
 */
@Repository
class LifecycleRows {

    /**
     * A container's next stop and why, and its removal, from its profile's policy (the arrays :p_*, one entry per
     * profile; a null or unknown profile takes the global values :idle, :lifetime, :delete, :warn) narrowed by its own
     * (the own_* columns, 0: not asked), in milliseconds (0: off); the same rules as {@link LifecyclePolicy#atMost},
     * {@link LifecyclePolicy#stopOf} and {@link LifecyclePolicy#deletionOf}.
     */
    private static final String JUDGED = """
            left join unnest(cast(:p_names as text[]), cast(cast(:p_idle as text[]) as bigint[]),
                cast(cast(:p_lifetime as text[]) as bigint[]), cast(cast(:p_delete as text[]) as bigint[]),
                cast(cast(:p_warn as text[]) as bigint[])) as pp(name, idle, lifetime, del, warn) on pp.name = c.profile
            cross join lateral (select coalesce(pp.idle, :idle) as idle, coalesce(pp.lifetime, :lifetime) as lifetime,
                coalesce(pp.del, :delete) as del, coalesce(pp.warn, :warn) as warn) pr
            cross join lateral (select
                case when c.own_idle_stop_after_ms > 0 and (pr.idle <= 0 or c.own_idle_stop_after_ms < pr.idle)
                     then c.own_idle_stop_after_ms else pr.idle end as idle,
                case when c.own_max_lifetime_ms > 0 and (pr.lifetime <= 0 or c.own_max_lifetime_ms < pr.lifetime)
                     then c.own_max_lifetime_ms else pr.lifetime end as lifetime,
                case when c.own_delete_after_stopped_ms > 0
                          and (pr.del <= 0 or c.own_delete_after_stopped_ms < pr.del)
                     then c.own_delete_after_stopped_ms else pr.del end as del,
                pr.warn as warn) p
            cross join lateral (select
                case when c.running_since is not null and p.idle > 0
                     then greatest(c.running_since, c.last_activity_at) + p.idle * interval '1 millisecond' end as idle_at,
                case when c.running_since is not null and p.lifetime > 0
                     then c.running_since + p.lifetime * interval '1 millisecond' end as lifetime_at,
                case when c.running_since is null and p.del > 0
                     then coalesce(c.stopped_at, c.created_at) + p.del * interval '1 millisecond' end as delete_at) t
            cross join lateral (select least(t.idle_at, t.lifetime_at) as stop_at,
                case when t.idle_at is not null and (t.lifetime_at is null or t.idle_at < t.lifetime_at)
                     then 'idle' else 'lifetime' end as reason) j
            """;

    /**
     * The policy round, in one statement: the containers whose warning is due (marked warned, so that it goes out
     * once) and those due for a stop or removal that no live claim holds (claimed). Rows another round has locked
     * are skipped: that round takes care of them.
     */
    private static final String ROUND = """
            with due as (
                select c.id, c.owner_id, j.stop_at, j.reason, t.delete_at, c.warned_for, c.policy_claimed_until, p.warn,
                       c.own_idle_stop_after_ms, c.own_max_lifetime_ms, c.own_delete_after_stopped_ms
                from containers c
            """ + JUDGED + """
                where (c.running_since is not null or p.del > 0)
                  and (j.stop_at - p.warn * interval '1 millisecond' <= now() or t.delete_at <= now())
                for update of c skip locked
            ), judged as (
                select due.*, coalesce(due.stop_at <= now() or due.delete_at <= now(), false) as act,
                       (due.policy_claimed_until is null or due.policy_claimed_until < now()) as unclaimed
                from due
            )
            update containers c set
                policy_claimed_until = case when judged.act then now() + :claim * interval '1 millisecond'
                                            else c.policy_claimed_until end,
                warned_for = case when judged.act then c.warned_for else judged.stop_at end
            from judged
            where c.id = judged.id
              and ((judged.act and judged.unclaimed)
                   or (not judged.act and judged.warn > 0 and c.warned_for is distinct from judged.stop_at))
            returning c.id, c.owner_id, judged.stop_at, judged.reason, judged.delete_at, judged.act,
                judged.own_idle_stop_after_ms, judged.own_max_lifetime_ms, judged.own_delete_after_stopped_ms""";

    private static final String STATE_COLUMNS = "id, created_at, last_activity_at, running_since, stopped_at, "
            + "stop_reason, own_idle_stop_after_ms, own_max_lifetime_ms, own_delete_after_stopped_ms";
    private static final String STATE = "select " + STATE_COLUMNS + " from containers";

    private final JdbcClient jdbc;

    LifecycleRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a round found: warnings to send, and containers this round claimed to stop or remove. */
    List<Due> round(LifecyclePolicies policies, Duration claimFor) {
        return policyParams(jdbc.sql(ROUND), policies)
                .param("claim", claimFor.toMillis())
                .query((rs, n) -> new Due(
                        rs.getString("id"),
                        rs.getLong("owner_id"),
                        instant(rs, "stop_at"),
                        StopReason.of(rs.getString("reason")),
                        instant(rs, "delete_at"),
                        rs.getBoolean("act"),
                        own(rs)))
                .list();
    }

    /**
     * Checked again by the claimant inside the container's coordinated operation, just before it acts: whether the
     * container is still due (a start, a keepalive or activity since the round moves it on).
     */
    boolean stillDue(String containerId, LifecyclePolicies policies, boolean stop) {
        return policyParams(
                        jdbc.sql("select (" + (stop ? "j.stop_at" : "t.delete_at")
                                + " <= now()) as due from containers c " + JUDGED + " where c.id = :id"),
                        policies)
                .param("id", containerId)
                .query((rs, n) -> rs.getBoolean("due"))
                .optional()
                .orElse(false);
    }

    private static JdbcClient.StatementSpec policyParams(
            JdbcClient.StatementSpec statement, LifecyclePolicies policies) {
        LifecyclePolicy global = policies.global();
        List<Map.Entry<String, LifecyclePolicy>> profiles =
                List.copyOf(policies.byProfile().entrySet());
        return statement
                .param("idle", global.idleStopAfter().toMillis())
                .param("lifetime", global.maxLifetime().toMillis())
                .param("delete", global.deleteAfterStopped().toMillis())
                .param("warn", global.warnBefore().toMillis())
                .param("p_names", profiles.stream().map(Map.Entry::getKey).toArray(String[]::new))
                .param("p_idle", millis(profiles, LifecyclePolicy::idleStopAfter))
                .param("p_lifetime", millis(profiles, LifecyclePolicy::maxLifetime))
                .param("p_delete", millis(profiles, LifecyclePolicy::deleteAfterStopped))
                .param("p_warn", millis(profiles, LifecyclePolicy::warnBefore));
    }

    private static String[] millis(
            List<Map.Entry<String, LifecyclePolicy>> profiles, Function<LifecyclePolicy, Duration> value) {
        return profiles.stream()
                .map(entry -> Long.toString(value.apply(entry.getValue()).toMillis()))
                .toArray(String[]::new);
    }

    /** Gives a claim back without acting (the container was not due after all, or the engine disagreed). */
    void release(String containerId) {
        jdbc.sql("update containers set policy_claimed_until = null where id = :id")
                .param("id", containerId)
                .update();
    }

    /**
     * Our own start or restart succeeded: starting it is activity, and it runs from now (a restart), or from when it
     * started (a start of a running container changes nothing of its lifetime).
     */
    void started(String containerId, boolean restarted) {
        jdbc.sql("update containers set running_since = case when :restarted then now() "
                        + "else coalesce(running_since, now()) end, last_activity_at = now(), stop_reason = null, "
                        + "warned_for = null where id = :id")
                .param("id", containerId)
                .param("restarted", restarted)
                .update();
    }

    /** Our own stop succeeded, a user's (reason null) or a policy's; a claim on it is done. */
    void stopped(String containerId, @Nullable StopReason reason) {
        jdbc.sql("update containers set running_since = null, stopped_at = now(), stop_reason = :reason, "
                        + "warned_for = null, policy_claimed_until = null where id = :id")
                .param("id", containerId)
                .param("reason", reason == null ? null : reason.value())
                .update();
    }

    /**
     * The engine says a container started (or, with {@code running} false, stopped) at this time. Applied only when
     * the row says otherwise and changed before that moment, so that a late event never undoes a newer change.
     */
    void engineSaw(String containerId, boolean running, Instant time) {
        OffsetDateTime at = OffsetDateTime.ofInstant(time, java.time.ZoneOffset.UTC);
        if (running) {
            jdbc.sql("update containers set running_since = :at, stop_reason = null, warned_for = null where id = :id"
                            + " and running_since is null and (stopped_at is null or stopped_at < :at)")
                    .param("id", containerId)
                    .param("at", at)
                    .update();
        } else {
            jdbc.sql("update containers set running_since = null, stopped_at = :at where id = :id"
                            + " and running_since is not null and running_since < :at")
                    .param("id", containerId)
                    .param("at", at)
                    .update();
        }
    }

    /** Activity noted in memory, written in one statement; a row is never moved back in time. */
    void recordActivity(Map<String, Instant> latest) {
        if (latest.isEmpty()) {
            return;
        }
        String[] ids = latest.keySet().toArray(String[]::new);
        String[] times = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            times[i] = latest.get(ids[i]).toString();
        }
        jdbc.sql("update containers c set last_activity_at = v.t from unnest(cast(:ids as text[]), "
                        + "cast(cast(:times as text[]) as timestamptz[])) as v(id, t) "
                        + "where c.id = v.id and (c.last_activity_at is null or c.last_activity_at < v.t)")
                .param("ids", ids)
                .param("times", times)
                .update();
    }

    /** Keepalive: activity written at once; the container's state after it. */
    Optional<State> keepalive(String containerId) {
        return jdbc.sql("update containers set last_activity_at = greatest(last_activity_at, now()), warned_for = null"
                        + " where id = :id returning " + STATE_COLUMNS)
                .param("id", containerId)
                .query(LifecycleRows::state)
                .optional();
    }

    Optional<State> of(String containerId) {
        return jdbc.sql(STATE + " where id = :id")
                .param("id", containerId)
                .query(LifecycleRows::state)
                .optional();
    }

    Map<String, State> of(Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql(STATE + " where id in (:ids)")
                .param("ids", containerIds)
                .query(LifecycleRows::state)
                .list()
                .stream()
                .collect(Collectors.toMap(State::id, Function.identity()));
    }

    /**
     * Rows made true again from one listing of the engine (at start-up: events missed while no instance listened):
     * running containers the rows think stopped, and the reverse.
     */
    void reconcile(Collection<String> running, Collection<String> notRunning) {
        if (!running.isEmpty()) {
            jdbc.sql("update containers set running_since = now() where id in (:ids) and running_since is null")
                    .param("ids", running)
                    .update();
        }
        if (!notRunning.isEmpty()) {
            jdbc.sql("update containers set running_since = null, stopped_at = now() where id in (:ids)"
                            + " and running_since is not null")
                    .param("ids", notRunning)
                    .update();
        }
    }

    private static State state(ResultSet rs, int n) throws SQLException {
        return new State(
                rs.getString("id"),
                instant(rs, "created_at"),
                instant(rs, "last_activity_at"),
                instant(rs, "running_since"),
                instant(rs, "stopped_at"),
                StopReason.of(rs.getString("stop_reason")),
                own(rs));
    }

    /** The container's own policy, as its owner asked (zero: not asked). */
    private static LifecyclePolicy own(ResultSet rs) throws SQLException {
        return LifecyclePolicy.asked(
                Duration.ofMillis(rs.getLong("own_idle_stop_after_ms")),
                Duration.ofMillis(rs.getLong("own_max_lifetime_ms")),
                Duration.ofMillis(rs.getLong("own_delete_after_stopped_ms")));
    }

    @SuppressWarnings("NullAway")
    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * A container due for something: a warning of its stop, or (act) its stop or removal, claimed by this round; with
     * its own policy (what its owner asked for).
     */
    record Due(
            String id,
            long ownerId,
            @Nullable Instant stopAt,
            @Nullable StopReason reason,
            @Nullable Instant deleteAt,
            boolean act,
            LifecyclePolicy own) {

        boolean stop() {
            return stopAt != null;
        }
    }

    /** A container's lifecycle columns, with its own policy (zero parts: its profile's). */
    record State(
            String id,
            Instant createdAt,
            @Nullable Instant lastActivityAt,
            @Nullable Instant runningSince,
            @Nullable Instant stoppedAt,
            @Nullable StopReason stopReason,
            LifecyclePolicy own) {}
}
