package com.containermanager.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditIT extends IntegrationTest {

    @Test
    void shouldRecordContainerOperationsAndJobOutcomesForTheirOwnerOnly() {
        ApiClient.Session user = api.newUser("audited");
        ApiClient.Session other = api.newUser("stranger");
        String id = createContainer(user, List.of("sleep", "3600"));
        api.patch("/containers/" + id + "/start", user.token());
        api.patch("/containers/" + id + "/stop?timeout=0", user.token());
        api.delete("/containers/" + id, user.token());
        api.delete("/containers/" + id, other.token());

        JsonNode events = api.get("/audit", user.token()).json();
        List<String> lines = new ArrayList<>();
        events.forEach(event -> lines.add(
                event.get("action").asString() + " " + event.get("outcome").asString()));

        assertThat(lines)
                .containsExactly(
                        "container.delete ok",
                        "container.stop ok",
                        "container.start ok",
                        "job.container_creation completed",
                        "container.create accepted");
        assertThat(events.get(0).get("target").asString()).isEqualTo(id);
        assertThat(events.get(3).get("detail").asString()).isEqualTo(id);

        JsonNode strangers = api.get("/audit", other.token()).json();
        assertThat(strangers.size()).isEqualTo(1);
        assertThat(strangers.get(0).get("outcome").asString()).isEqualTo("not_found");

        JsonNode page = api.get("/audit?limit=2", user.token()).json();
        JsonNode next = api.get("/audit?limit=2&before=" + page.get(1).get("id").asString(), user.token())
                .json();
        assertThat(page.size()).isEqualTo(2);
        assertThat(next.get(0).get("action").asString()).isEqualTo("container.start");
    }

    @Test
    void shouldCountRefusedCallsInOneEventAnHourInsteadOfARowEach() {
        ApiClient.Session user = api.newUser("hammer");
        String unknown = "f".repeat(64);
        for (int i = 0; i < 25; i++) {
            assertThat(api.patch("/containers/" + unknown + "/start", user.token())
                            .status())
                    .isEqualTo(404);
        }
        api.delete("/containers/" + unknown, user.token());

        JsonNode events = api.get("/audit", user.token()).json();

        assertThat(events.size()).as(events.toString()).isEqualTo(2);
        assertThat(events.get(0).get("action").asString()).isEqualTo("container.delete");
        assertThat(events.get(0).get("repeats").asInt()).isEqualTo(1);
        assertThat(events.get(1).get("action").asString()).isEqualTo("container.start");
        assertThat(events.get(1).get("outcome").asString()).isEqualTo("not_found");
        assertThat(events.get(1).get("target").asString()).isEqualTo(unknown);
        assertThat(events.get(1).get("repeats").asInt()).isEqualTo(25);
    }
}
