package com.containermanager.job;

import com.containermanager.config.Backoff;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
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
    private static final Backoff RECONNECT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
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
        int failures = 0;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                failures = 0;
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            publish(notification.getParameter());
                        }
                    }
                }
            } catch (Throwable e) { // a loop that must keep going: anything but a stop is retried
                if (!running) {
                    return;
                }
                Duration backoff = RECONNECT.delay(failures++);
                log.warn(
                        "Job change feed lost its connection ({}); retrying in {} ms",
                        e.toString(),
                        backoff.toMillis());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
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
