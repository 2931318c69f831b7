package com.containermanager.user;

import com.containermanager.limits.RateLimitReachedException;
import com.containermanager.platform.RelaxedCommits;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * auth.registrations_per_hour: registrations from one client address in any hour, counted in PostgreSQL so that
 * the limit holds across instances. Every attempt that gets as far as hashing its password counts (a taken username
 * too: each costs a bcrypt hash). Count and insert happen under a lock on the address, so a burst cannot pass it.
 * Attempts older than the hour no longer count, and {@link RegistrationRetention} deletes them.
 */
@Component
class RegistrationThrottle {

    static final String NAME = "registrations_per_hour";
    static final Duration WINDOW = Duration.ofHours(1);
    private static final int LOCK_CLASS = 0x52454749; // "REGI"

    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;
    private final RegistrationSettings settings;

    RegistrationThrottle(JdbcClient jdbc, RelaxedCommits relaxed, RegistrationSettings settings) {
        this.jdbc = jdbc;
        this.relaxed = relaxed;
        this.settings = settings;
    }

    /** Counts a registration attempt from this address, or refuses it with 429 and Retry-After. */
    void admit(String address) {
        int perHour = settings.perHour();
        if (perHour == 0) {
            return;
        }
        relaxed.run(() -> {
            jdbc.sql("select pg_advisory_xact_lock(:class, hashtext(:address))")
                    .param("class", LOCK_CLASS)
                    .param("address", address)
                    .query((rs, n) -> 1)
                    .single();
            var recent = jdbc.sql("select count(*) as n, min(created_at) as first, clock_timestamp() as now "
                            + "from registration_attempts "
                            + "where address = :address and created_at > now() - cast(:window as interval)")
                    .param("address", address)
                    .param("window", WINDOW.toSeconds() + " seconds")
                    .query((rs, n) -> new Recent(
                            rs.getLong("n"),
                            rs.getObject("first", OffsetDateTime.class),
                            rs.getObject("now", OffsetDateTime.class)))
                    .single();
            if (recent.count() >= perHour) {
                Instant free = recent.first().toInstant().plus(WINDOW);
                throw new RateLimitReachedException(
                        NAME, perHour, Duration.between(recent.now().toInstant(), free));
            }
            jdbc.sql("insert into registration_attempts (address) values (:address)")
                    .param("address", address)
                    .update();
            return null;
        });
    }

    private record Recent(long count, OffsetDateTime first, OffsetDateTime now) {}
}
