package com.containermanager.audit;

import com.containermanager.config.AgedRows;
import com.containermanager.config.RelaxedCommits;
import com.containermanager.config.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Audit rows older than audit.retention are deleted. The audit keeps recording every outcome, 404 and 409 included;
 * this is what keeps a user who sends a flood of them from growing the table without bound.
 */
@Component
class AuditRetention implements RetentionPolicy {

    private static final AgedRows AGED = new AgedRows("audit_events", "created_at");

    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;
    private final AuditSettings settings;

    AuditRetention(JdbcClient jdbc, RelaxedCommits relaxed, AuditSettings settings) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public Duration retention() {
        return settings.retention();
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int batch) {
        return AGED.deleteBatch(jdbc, relaxed, cutoff, batch);
    }
}
