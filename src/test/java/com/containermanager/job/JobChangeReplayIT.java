package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SseClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job change whose notification this instance missed (its LISTEN session was cut) reaches the event stream once
 * the session is back: the reconnect replays the jobs changed meanwhile, on the real PostgreSQL.
 */
@RecordApplicationEvents
class JobChangeReplayIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DataSource dataSource;

    @Autowired
    JobChangeFeed feed;

    @Autowired
    ApplicationEvents published;

    /** The replay reaches back the time the session may have been deaf plus the commit slack, and no further. */
    @Test
    void theReplayCoversTheDeafTimeAndTheSlack() throws Exception {
        long owner = Long.parseLong(api.newUser("window").userId());
        UUID within = unannouncedJob(owner, "now() - interval '12 seconds'");
        UUID before = unannouncedJob(owner, "now() - interval '60 seconds'");

        feed.replay(Duration.ofSeconds(20)); // 20 s deaf + 5 s slack: 25 s back, the slack alone 5 s

        assertThat(published.stream(JobChanged.class).map(JobChanged::jobId))
                .contains(within)
                .doesNotContain(before);
    }

    /** A failed job of this owner, changed at that time, whose change was never announced (no trigger fires). */
    private UUID unannouncedJob(long owner, String updatedAt) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local session_replication_role = replica");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into jobs (id, owner_id, type, status, payload, error, updated_at) values "
                            + "(?, ?, 'container_creation', 'failed', '{}', 'missed while deaf', " + updatedAt + ")")) {
                insert.setObject(1, id);
                insert.setLong(2, owner);
                insert.executeUpdate();
            }
            connection.commit();
        }
        return id;
    }

    @Test
    void aChangeMissedWhileTheListenSessionWasCutReachesTheEventStream() throws Exception {
        ApiClient.Session user = api.newUser("replay");
        try (SseClient events =
                new SseClient(api.request("/events", user.token()).GET())) {
            assertThat(events.status()).isEqualTo(200);
            // Its notification is never sent, as if this instance had not been listening when it was made.
            UUID jobId = unannouncedJob(Long.parseLong(user.userId()), "now()");
            assertThat(events.next("job", Duration.ofSeconds(1)))
                    .as("no notification was sent")
                    .isNull();

            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                        + "where application_name = 'container-manager notifications'");
            }

            JsonNode replayed = null;
            while (replayed == null) {
                SseClient.Event event = events.next("job", Duration.ofSeconds(30));
                assertThat(event).as("the replayed change").isNotNull().isNotSameAs(SseClient.END_OF_STREAM);
                JsonNode data = JSON.readTree(event.data());
                if (data.get("job_id").asString().equals(jobId.toString())) {
                    replayed = data;
                }
            }
            assertThat(replayed.get("status").asString()).isEqualTo("failed");
            assertThat(replayed.get("error").asString()).isEqualTo("missed while deaf");
        }
    }
}
