package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** containers.read_only: the root file system cannot be written, /tmp can, and the user's files still arrive. */
class ReadOnlyRootIT extends IntegrationTest {

    @DynamicPropertySource
    static void readOnly(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "read-only");
        registry.add("cm.docker.read-only", () -> "true");
    }

    @Test
    void shouldRunWithAReadOnlyRootAndStillReceiveTheUsersFiles() {
        ApiClient.Session user = api.newUser("read-only");
        assertThat(api.upload(user.token(), "data.txt", "hello".getBytes()).status())
                .isEqualTo(200);
        JsonNode job = createAndAwait(
                user,
                Map.of(
                        "image",
                        TEST_IMAGE,
                        "files",
                        List.of("data.txt"),
                        "cmd",
                        List.of("sh", "-c", "grep -q hello /files/data.txt && touch /tmp/scratch && ! touch /probe")));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();

        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);

        var state = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> EngineFixture.docker()
                                .inspectContainerCmd(id)
                                .exec()
                                .getState(),
                        s -> !s.getRunning());
        assertThat(state.getExitCodeLong())
                .as("file read, /tmp written, / refused")
                .isZero();
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(id)
                        .exec()
                        .getHostConfig()
                        .getReadonlyRootfs())
                .isTrue();
    }
}
