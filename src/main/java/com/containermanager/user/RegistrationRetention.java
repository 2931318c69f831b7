package com.containermanager.user;

import com.containermanager.config.AgedRows;
import com.containermanager.config.RelaxedCommits;
import com.containermanager.config.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Registration attempts count for an hour (auth.registrations_per_hour); after that they are deleted. */
@Component
class RegistrationRetention implements RetentionPolicy {

    private static final AgedRows AGED = new AgedRows("registration_attempts", "created_at");

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
        return AGED.deleteBatch(jdbc, relaxed, cutoff, batch);
    }
}
