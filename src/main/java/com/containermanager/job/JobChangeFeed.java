package com.containermanager.job;

import com.containermanager.cluster.ClusterNotifications;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens on cm_job_events (a trigger on the jobs table, V21) and publishes each change as {@link JobChanged}, so
 * that every instance sees every job change. Changes sent while the instance's LISTEN session reconnected are read
 * from the table once it listens again: every job changed since a little before the session was last known to
 * listen is published once more (a change already seen may come twice; none is missed).
 */
@Component
class JobChangeFeed {

    static final String CHANNEL = "cm_job_events";
    /** updated_at is a transaction's start, which may precede its commit (and its notification) by this much. */
    static final Duration COMMIT_SLACK = Duration.ofSeconds(5);
    /** A change notification carries at most this much of a job's error (V21); a replayed change does the same. */
    private static final int ERROR_CHARS = 1000;

    private static final int REPLAY_MAX = 10_000;
    private static final Logger log = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final JobRepository jobs;

    JobChangeFeed(
            ClusterNotifications notifications, ApplicationEventPublisher events, JsonMapper json, JobRepository jobs) {
        this.events = events;
        this.json = json;
        this.jobs = jobs;
        notifications.subscribe(CHANNEL, this::publish);
        notifications.onReconnect(this::replay);
    }

    /** Publishes again every job changed within what may have been missed (and the slack). */
    void replay(Duration missed) {
        var changed = jobs.changedWithin(missed.plus(COMMIT_SLACK), REPLAY_MAX);
        for (JobView job : changed) {
            events.publishEvent(new JobChanged(
                    job.id(),
                    job.ownerId(),
                    job.type(),
                    job.status(),
                    job.progressCurrent(),
                    job.progressTotal(),
                    job.result() == null ? null : json.readValue(job.result(), OBJECT),
                    shortened(job.error()),
                    job.updatedAt()));
        }
        if (changed.size() == REPLAY_MAX) {
            log.warn("Replayed the latest {} job changes only; clients re-read the others", REPLAY_MAX);
        }
    }

    private static @Nullable String shortened(@Nullable String error) {
        return error == null || error.length() <= ERROR_CHARS ? error : error.substring(0, ERROR_CHARS);
    }

    private void publish(String payload) {
        try {
            JsonNode change = json.readTree(payload);
            JsonNode result = change.path("result");
            events.publishEvent(new JobChanged(
                    UUID.fromString(change.get("job_id").asString()),
                    change.get("owner_id").asLong(),
                    change.get("type").asString(),
                    JobStatus.of(change.get("status").asString()),
                    change.path("current").isNumber() ? change.get("current").asLong() : null,
                    change.path("total").isNumber() ? change.get("total").asLong() : null,
                    result.isObject() ? json.convertValue(result, OBJECT) : null,
                    change.path("error").isString() ? change.get("error").asString() : null,
                    OffsetDateTime.parse(change.get("time").asString()).toInstant()));
        } catch (RuntimeException e) {
            log.warn("Could not read a job change notification: {}", e.toString());
        }
    }
}
