package com.containermanager.user;

import com.containermanager.platform.RelaxedCommits;
import com.containermanager.platform.TableRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Registration attempts count for an hour (auth.registrations_per_hour); after that they are deleted. */
@Component
class RegistrationRetention extends TableRetention {

    RegistrationRetention(JdbcClient jdbc, RelaxedCommits relaxed) {
        super(
                "registration-attempts",
                RegistrationThrottle.WINDOW,
                "registration_attempts",
                "created_at",
                jdbc,
                relaxed);
    }
}
