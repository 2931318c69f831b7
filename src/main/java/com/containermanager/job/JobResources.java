package com.containermanager.job;

import com.containermanager.job.spi.JobFailure;
import com.containermanager.user.spi.UserResources;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A deleted user's jobs go first: those not running now are deleted (a worker that claims one meanwhile skips it,
 * the row being locked), and while one still runs on a live lease the deletion is tried again later, so that
 * nothing it makes (a container) is created after the rest was removed.
 */
@Component
class JobResources implements UserResources {

    private final JdbcClient jdbc;

    JobResources(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "jobs";
    }

    @Override
    public int order() {
        return ORDER_JOBS;
    }

    @Override
    public long removeAll(long userId) {
        int deleted = jdbc.sql("delete from jobs where id in (select id from jobs where owner_id = :user "
                        + "and not (status = 'running' and lease_until >= now()) for update skip locked)")
                .param("user", userId)
                .update();
        long running = jdbc.sql("select count(*) from jobs where owner_id = :user")
                .param("user", userId)
                .query(Long.class)
                .single();
        if (running > 0) {
            throw JobFailure.temporary(
                    "waiting for " + running + " running jobs of the user", new IllegalStateException("jobs running"));
        }
        return deleted;
    }
}
