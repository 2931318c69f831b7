package com.containermanager.audit;

import com.containermanager.platform.RelaxedCommits;
import com.containermanager.platform.TableRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Audit rows older than audit.retention are deleted. The audit keeps recording every outcome, 404 and 409 included;
 * this is what keeps a user who sends a flood of them from growing the table without bound.
 */
@Component
class AuditRetention extends TableRetention {

    AuditRetention(JdbcClient jdbc, RelaxedCommits relaxed, AuditSettings settings) {
        super("audit", settings.retention(), "audit_events", "created_at", jdbc, relaxed);
    }
}
