package com.containermanager.user;

import com.containermanager.config.RelaxedCommits;
import com.containermanager.config.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Registration attempts count for an hour (auth.registrations_per_hour); after that they are deleted. */
@Component
class RegistrationRetention implements RetentionPolicy {

    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;

    RegistrationRetention(JdbcClient jdbc, RelaxedCommits relaxed) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
    }

    @Override
    public String name() {
        return "registration-attempts";
    }

    @Override
    public Duration retention() {
        return RegistrationThrottle.WINDOW;
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int batch) {
        return relaxed.run(() -> jdbc.sql("delete from registration_attempts where id in (select id from "
                        + "registration_attempts where created_at < :cutoff order by created_at limit :batch)")
                .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .param("batch", batch)
                .update());
    }
}
