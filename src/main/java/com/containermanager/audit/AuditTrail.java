package com.containermanager.audit;

import com.containermanager.admin.AdminActed;
import com.containermanager.appproxy.AppShareCreated;
import com.containermanager.appproxy.AppShareOpened;
import com.containermanager.appproxy.AppShareRevoked;
import com.containermanager.console.ConsoleSessionEnded;
import com.containermanager.console.ConsoleSessionOpened;
import com.containermanager.console.ContainerCommandRan;
import com.containermanager.container.ContainerCreationRequested;
import com.containermanager.container.ContainerOperationCompleted;
import com.containermanager.job.JobFinished;
import com.containermanager.job.JobStatus;
import com.containermanager.platform.RelaxedCommits;
import com.containermanager.user.AccountDeleted;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail: every container operation and job outcome, in PostgreSQL. It learns of them from the modules'
 * events. The listeners are synchronous on purpose: a row is written before the request that caused it is answered
 * (or in the transaction that stores the job or its outcome), so a crash of the service after an answer never loses
 * it. Rows written outside such a transaction commit without waiting for the WAL flush, in one round trip (see
 * RelaxedCommits.relaxingCondition): only a crash of PostgreSQL itself, not of the service, could lose one.
 */
@Service
class AuditTrail {

    private static final int MAX_COMMAND = 1000;
    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;
    private final JsonMapper json;

    AuditTrail(JdbcClient jdbc, RelaxedCommits relaxed, JsonMapper json) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
        this.json = json;
    }

    @EventListener
    void on(ContainerCreationRequested requested) {
        record(
                requested.ownerId(),
                "container.create",
                requested.jobId().toString(),
                AuditOutcome.ACCEPTED,
                requested.image());
    }

    @EventListener
    void on(ContainerOperationCompleted completed) {
        AuditOutcome outcome = switch (completed.outcome()) {
            case OK -> AuditOutcome.OK;
            case NOT_FOUND -> AuditOutcome.NOT_FOUND;
            case CONFLICT -> AuditOutcome.CONFLICT;
            case ENGINE_UNAVAILABLE -> AuditOutcome.ENGINE_UNAVAILABLE;
            case FAILED -> AuditOutcome.FAILED;
        };
        String action = "container." + completed.operation().name().toLowerCase(Locale.ROOT);
        record(completed.ownerId(), action, completed.target(), outcome, completed.detail());
    }

    /** The command is part of what is audited: what ran in the container, and how it ended. */
    @EventListener
    void on(ContainerCommandRan ran) {
        AuditOutcome outcome = switch (ran.outcome()) {
            case OK -> AuditOutcome.OK;
            case TIMED_OUT -> AuditOutcome.TIMED_OUT;
            case NOT_FOUND -> AuditOutcome.NOT_FOUND;
            case NOT_RUNNING -> AuditOutcome.NOT_RUNNING;
            case ENGINE_UNAVAILABLE -> AuditOutcome.ENGINE_UNAVAILABLE;
            case FAILED -> AuditOutcome.FAILED;
        };
        String detail = commandLine(ran.cmd()) + (ran.exitCode() == null ? "" : " (exit " + ran.exitCode() + ")");
        record(ran.ownerId(), "container.exec", ran.containerId(), outcome, detail);
    }

    @EventListener
    void on(ConsoleSessionOpened opened) {
        record(
                opened.ownerId(),
                "container.console.open",
                opened.containerId(),
                AuditOutcome.OK,
                commandLine(opened.cmd()));
    }

    @EventListener
    void on(ConsoleSessionEnded ended) {
        String detail = commandLine(ended.cmd()) + ": " + ended.reason()
                + (ended.exitCode() == null ? "" : " (exit " + ended.exitCode() + ")")
                + (ended.killed() ? ", process killed" : "") + " after "
                + ended.lasted().toSeconds() + " s";
        record(ended.ownerId(), "container.console.close", ended.containerId(), AuditOutcome.OK, detail);
    }

    /** The command as JSON, cut to a length fit for a row (the full text can be 16 MiB). */
    private String commandLine(List<String> cmd) {
        String text = json.writeValueAsString(cmd);
        return text.length() > MAX_COMMAND ? text.substring(0, MAX_COMMAND) + "..." : text;
    }

    @EventListener
    void on(AppShareCreated created) {
        record(
                created.ownerId(),
                "container.share.create",
                created.containerId(),
                AuditOutcome.OK,
                "port " + created.port() + ", share " + created.shareId() + ", until " + created.expiresAt());
    }

    @EventListener
    void on(AppShareRevoked revoked) {
        record(
                revoked.ownerId(),
                "container.share.revoke",
                revoked.containerId(),
                AuditOutcome.OK,
                "share " + revoked.shareId());
    }

    /** Each visitor's first use of a share link (each browser that follows it), on the owner's trail. */
    @EventListener
    void on(AppShareOpened opened) {
        record(
                opened.ownerId(),
                "container.share.open",
                opened.containerId(),
                AuditOutcome.OK,
                "port " + opened.port() + ", share " + opened.shareId() + ", visitor " + opened.visitorAddress());
    }

    @EventListener
    void on(JobFinished finished) {
        AuditOutcome outcome = finished.status() == JobStatus.COMPLETED ? AuditOutcome.COMPLETED : AuditOutcome.FAILED;
        record(finished.ownerId(), "job." + finished.type(), finished.jobId().toString(), outcome, finished.detail());
    }

    /** An admin's action on a user's account, containers or groups: recorded under that user, naming the admin. */
    @EventListener
    void on(AdminActed acted) {
        record(acted.userId(), acted.actorId(), acted.action(), acted.target(), AuditOutcome.OK, acted.detail());
    }

    /** A deleted user's rows stay, with the name they no longer find in the users table. */
    @EventListener
    void on(AccountDeleted deleted) {
        jdbc.sql("update audit_events set username = :name where user_id = :user and username is null")
                .param("name", deleted.username())
                .param("user", deleted.userId())
                .update();
        jdbc.sql("update audit_events set actor_name = :name where actor_id = :user and actor_name is null")
                .param("name", deleted.username())
                .param("user", deleted.userId())
                .update();
    }

    private void record(long userId, String action, String target, AuditOutcome outcome, @Nullable String detail) {
        record(userId, null, action, target, outcome, detail);
    }

    /**
     * Joins the caller's transaction when there is one, so the row commits with what it records. A refusal (not
     * found, conflict) joins the row of its kind of this hour, which counts it: it changed nothing, and a hostile
     * client must not be able to add a row per request. The row keeps the first target of the hour.
     */
    private void record(
            long userId,
            @Nullable Long actorId,
            String action,
            String target,
            AuditOutcome outcome,
            @Nullable String detail) {
        boolean refusal = outcome == AuditOutcome.NOT_FOUND || outcome == AuditOutcome.CONFLICT;
        jdbc.sql("""
                        insert into audit_events (user_id, action, target, outcome, detail, refusal_hour, actor_id,
                                                  actor_name)
                        select cast(:user as bigint), cast(:action as text), cast(:target as text),
                               cast(:outcome as text), cast(:detail as text),
                               case when :refusal then floor(extract(epoch from now()) / 3600)::bigint end,
                               cast(:actor as bigint),
                               (select username from users where id = cast(:actor as bigint))
                        where %s
                        on conflict (user_id, action, outcome, refusal_hour) where refusal_hour is not null
                        do update set repeats = audit_events.repeats + 1""".formatted(relaxed.relaxingCondition()))
                .param("user", userId)
                .param("action", action)
                .param("target", target)
                .param("outcome", outcome.value())
                .param("detail", detail)
                .param("refusal", refusal)
                .param("actor", actorId)
                .update();
    }

    List<AuditEvent> list(long userId, int limit, long beforeId, AuditFilter filter) {
        return jdbc.sql("select id, action, target, outcome, detail, repeats, created_at, actor_name from audit_events "
                        + "where user_id = :user and id < :before"
                        + " and (cast(:action as text) is null or action like cast(:action as text))"
                        + " and (cast(:outcome as text) is null or outcome = cast(:outcome as text))"
                        + " and (cast(:target as text) is null or target = cast(:target as text))"
                        + " and (cast(:since as timestamptz) is null or created_at >= cast(:since as timestamptz))"
                        + " order by id desc limit :limit")
                .param("user", userId)
                .param("before", beforeId)
                .param("action", filter.actionPattern())
                .param("outcome", filter.outcome())
                .param("target", filter.target())
                .param("since", filter.since() == null ? null : java.sql.Timestamp.from(filter.since()))
                .param("limit", limit)
                .query(AuditTrail::map)
                .list();
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(
                Long.toString(rs.getLong("id")),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("outcome"),
                rs.getString("detail"),
                rs.getInt("repeats"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor_name"));
    }

    /** The whole trail, for admins, newest first, with the filters that are not null. */
    List<AdminAuditEntry> search(AdminAuditFilter filter, int limit, long beforeId) {
        return jdbc.sql("""
                        select a.id, a.user_id, coalesce(u.username, a.username) as username, a.actor_id,
                               a.actor_name, a.action, a.target, a.outcome, a.detail, a.repeats, a.created_at
                        from audit_events a left join users u on u.id = a.user_id
                        where a.id < :before
                          and (cast(:user as bigint) is null or a.user_id = cast(:user as bigint))
                          and (cast(:actor as bigint) is null or a.actor_id = cast(:actor as bigint))
                          and (cast(:action as text) is null or starts_with(a.action, cast(:action as text)))
                          and (cast(:outcome as text) is null or a.outcome = cast(:outcome as text))
                          and (cast(:since as timestamptz) is null or a.created_at >= cast(:since as timestamptz))
                          and (cast(:until as timestamptz) is null or a.created_at < cast(:until as timestamptz))
                        order by a.id desc limit :limit""")
                .param("before", beforeId)
                .param("user", filter.userId())
                .param("actor", filter.actorId())
                .param("action", filter.action())
                .param("outcome", filter.outcome())
                .param(
                        "since",
                        filter.since() == null ? null : OffsetDateTime.ofInstant(filter.since(), ZoneOffset.UTC))
                .param(
                        "until",
                        filter.until() == null ? null : OffsetDateTime.ofInstant(filter.until(), ZoneOffset.UTC))
                .param("limit", limit)
                .query((rs, row) -> new AdminAuditEntry(
                        Long.toString(rs.getLong("id")),
                        Long.toString(rs.getLong("user_id")),
                        rs.getString("username"),
                        rs.getObject("actor_id") == null ? null : Long.toString(rs.getLong("actor_id")),
                        rs.getString("actor_name"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("outcome"),
                        rs.getString("detail"),
                        rs.getInt("repeats"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
