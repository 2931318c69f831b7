package com.containermanager.job;

import com.containermanager.config.BackgroundLoops;
import com.containermanager.config.SupervisedLoop;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
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
 * that every instance sees every job change. It holds one connection of its own, on a supervised loop; a lost
 * connection is re-opened after a pause (changes in between are not replayed: a client re-reads the job).
 */
@Component
class JobChangeFeed implements SmartLifecycle {

    static final String CHANNEL = "cm_job_events";
    private static final Logger log = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final DataSource dataSource;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final BackgroundLoops loops;
    private volatile boolean running;
    private @Nullable SupervisedLoop listener;

    JobChangeFeed(DataSource dataSource, ApplicationEventPublisher events, JsonMapper json, BackgroundLoops loops) {
        this.dataSource = dataSource;
        this.events = events;
        this.json = json;
        this.loops = loops;
    }

    @Override
    public void start() {
        running = true;
        // A platform thread: it blocks in the driver's socket read between notifications.
        listener = loops.start(
                "job-change-feed",
                Thread.ofPlatform().daemon(),
                () -> ChannelListener.listenUntilDisconnected(
                        dataSource, CHANNEL, () -> running, notification -> publish(notification.getParameter())));
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            loops.stop(listener);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
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
