package com.containermanager.audit;

import com.containermanager.config.RelaxedCommits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Records container operations and job outcomes in PostgreSQL; an audit write never fails the operation itself. */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;

    AuditTrail(JdbcClient jdbc, RelaxedCommits relaxed) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
    }

    public void record(long userId, String action, String target, String outcome, String detail) {
        try {
            relaxed.run(() -> jdbc.sql("insert into audit_events (user_id, action, target, outcome, detail) "
                            + "values (:user, :action, :target, :outcome, :detail)")
                    .param("user", userId)
                    .param("action", action)
                    .param("target", target)
                    .param("outcome", outcome)
                    .param("detail", detail)
                    .update());
        } catch (RuntimeException e) {
            log.warn("Could not record audit event {} {} for user {}: {}", action, target, userId, e.getMessage());
        }
    }

    List<AuditEvent> list(long userId, int limit, long beforeId) {
        return jdbc.sql("select id, action, target, outcome, detail, created_at from audit_events "
                        + "where user_id = :user and id < :before order by id desc limit :limit")
                .param("user", userId)
                .param("before", beforeId)
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
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
