package com.containermanager.sso;

import com.containermanager.platform.RelaxedCommits;
import com.containermanager.platform.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sign-ins never finished and codes never exchanged, once they can no longer be used. Written here rather than as a
 * platform.TableRetention, whose batches go by an id column these two tables do not have.
 */
@Component
class SignInRetention implements RetentionPolicy {

    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;

    SignInRetention(JdbcClient jdbc, RelaxedCommits relaxed) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
    }

    @Override
    public String name() {
        return "sign-ins";
    }

    @Override
    public Duration retention() {
        return DatabaseAuthorizationRequests.WINDOW;
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int batch) {
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        return relaxed.run(() -> jdbc.sql("delete from sign_in_requests where state in (select state from "
                                + "sign_in_requests where created_at < :cutoff order by created_at limit :batch "
                                + "for update skip locked)")
                        .param("cutoff", before)
                        .param("batch", batch)
                        .update()
                + jdbc.sql("delete from sign_in_codes where code_hash in (select code_hash from sign_in_codes "
                                + "where created_at < :cutoff order by created_at limit :batch for update skip locked)")
                        .param("cutoff", before)
                        .param("batch", batch)
                        .update());
    }
}
