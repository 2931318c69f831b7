package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.limits.RateLimitReachedException;
import com.containermanager.platform.RelaxedCommits;
import com.containermanager.support.IntegrationTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Registration attempts count for an hour and are then deleted by the retention sweeper's policy, on PostgreSQL. */
class RegistrationRetentionIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RelaxedCommits relaxed;

    @Test
    void attemptsOlderThanTheHourNeitherCountNorStay() {
        String address = "198.51.100." + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            jdbc.sql("insert into registration_attempts (address, created_at) "
                            + "values (:address, now() - interval '61 minutes')")
                    .param("address", address)
                    .update();
        }
        var throttle =
                new RegistrationThrottle(jdbc, relaxed, new RegistrationSettings(RegistrationSettings.Mode.OPEN, 2));

        throttle.admit(address);
        throttle.admit(address);
        assertThatThrownBy(() -> throttle.admit(address))
                .as("two within the hour, the older two not counted")
                .isInstanceOf(RateLimitReachedException.class);

        // (The service's own sweeper may have deleted the old two already: what is left is what counts.)
        new RegistrationRetention(jdbc, relaxed).deleteOlderThan(Instant.now().minus(RegistrationThrottle.WINDOW), 500);
        assertThat(jdbc.sql("select count(*) from registration_attempts where address = :address "
                                + "and created_at < now() - interval '1 hour'")
                        .param("address", address)
                        .query(Long.class)
                        .single())
                .as("the two older than the hour are gone")
                .isZero();
        assertThat(jdbc.sql("select count(*) from registration_attempts where address = :address")
                        .param("address", address)
                        .query(Long.class)
                        .single())
                .as("the two of this hour stay")
                .isEqualTo(2);
    }
}
