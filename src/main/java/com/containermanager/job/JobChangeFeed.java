package com.containermanager.job;

import com.containermanager.cluster.ClusterNotifications;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens on cm_job_events (a trigger on the jobs table, V21) and publishes each change as {@link JobChanged}, so
 * that every instance sees every job change. It listens on the instance's one LISTEN session (changes sent while
 * that session reconnects are not replayed: a client re-reads the job).
 */
@Component
class JobChangeFeed {

    static final String CHANNEL = "cm_job_events";
    private static final Logger log = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    JobChangeFeed(ClusterNotifications notifications, ApplicationEventPublisher events, JsonMapper json) {
        this.events = events;
        this.json = json;
        notifications.subscribe(CHANNEL, this::publish);
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
