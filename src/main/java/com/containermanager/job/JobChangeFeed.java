package com.containermanager.job;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens on cm_job_events (a trigger on the jobs table, V21) and publishes each change as {@link JobChanged}, so
 * that every instance sees every job change. It holds one connection of its own; a lost connection is re-opened
 * with a backoff (changes in between are not replayed: a client re-reads the job).
 */
@Component
class JobChangeFeed implements SmartLifecycle {

    static final String CHANNEL = "cm_job_events";
    private static final Logger log = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final DataSource dataSource;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private volatile boolean running;
    private Thread listener;

    JobChangeFeed(DataSource dataSource, ApplicationEventPublisher events, JsonMapper json) {
        this.dataSource = dataSource;
        this.events = events;
        this.json = json;
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().name("job-change-feed").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        new ChannelListener(dataSource, CHANNEL)
                .listen(() -> running, notification -> publish(notification.getParameter()));
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
