package com.containermanager.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.Installation;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.VolumeSettings;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * volumes.limit soft: a volume is the engine's own local volume (no file system image, no loop device), its size is
 * not a wall, and what its files take is measured by the engine and reported; data outlives containers as with hard
 * volumes. What a node of a swarm on a machine of its own gives.
 */
class SoftVolumesIT extends IntegrationTest {

    private static final long MIB = 1024 * 1024;

    @DynamicPropertySource
    static void softVolumes(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "soft-volumes");
        registry.add("cm.docker.network", () -> "none");
        registry.add("cm.volumes.limit", () -> "soft");
    }

    @Autowired
    Installation installation;

    @Autowired
    VolumeSettings settings;

    @Autowired
    DataFolderSettings data;

    @Test
    void shouldKeepDataInTheEnginesOwnVolumeAndMeasureWhatItHolds() throws Exception {
        ApiClient.Session user = api.newUser("soft-vol");
        ApiClient.Response made =
                api.post("/volumes", ApiClient.json(Map.of("name", "data", "size", "16MiB")), user.token());
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("limit").asString()).isEqualTo("soft");
        List<String> engineVolumes = EngineFixture.volumesLabelled(Map.of(
                ContainerLabels.OWNER,
                user.userId(),
                ContainerLabels.INSTALLATION,
                installation.id().toString()));
        assertThat(engineVolumes).hasSize(1);
        assertThat(EngineFixture.docker()
                        .inspectVolumeCmd(engineVolumes.getFirst())
                        .exec()
                        .getOptions())
                .as("a plain local volume: no device, no file system type")
                .isNullOrEmpty();
        Path images = settings.directoryIn(data.dataDir());
        try (Stream<Path> files = Files.exists(images) ? Files.list(images) : Stream.empty()) {
            assertThat(files.filter(f -> f.toString().endsWith(".ext4")))
                    .as("no file system image")
                    .isEmpty();
        }

        String first = container(user, "first");
        JsonNode wrote = shell(
                user, first, "dd if=/dev/zero of=/data/big bs=1048576 count=20 && sync && echo kept > /data/note");
        assertThat(wrote.get("exit_code").asInt())
                .as("20 MiB into a 16 MiB soft volume: written (soft is measured, not a wall) %s", wrote)
                .isZero();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode volume = api.get("/volumes/data", user.token()).json();
            assertThat(volume.get("used_bytes").asLong()).isGreaterThanOrEqualTo(20 * MIB);
            assertThat(volume.get("state").asString()).isEqualTo("available");
        });

        assertThat(api.delete("/containers/" + first, user.token()).status()).isEqualTo(200);
        String second = container(user, "second");
        assertThat(shell(user, second, "cat /data/note").get("stdout").asString())
                .as("the data outlives the container that wrote it")
                .isEqualTo("kept\n");
        assertThat(api.delete("/volumes/data", user.token()).status())
                .as("in use by the second container")
                .isEqualTo(409);
        assertThat(api.delete("/containers/" + second, user.token()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.delete("/volumes/data", user.token()).status() == 204);
        assertThat(EngineFixture.volumesLabelled(Map.of(
                        ContainerLabels.OWNER,
                        user.userId(),
                        ContainerLabels.INSTALLATION,
                        installation.id().toString())))
                .as("the engine's volume went with it")
                .isEmpty();
    }

    private String container(ApiClient.Session user, String name) {
        JsonNode job = createAndAwait(
                user,
                Map.of(
                        "image",
                        TEST_IMAGE,
                        "cmd",
                        List.of("sleep", "3600"),
                        "name",
                        name,
                        "volumes",
                        List.of(Map.of("volume", "data", "path", "/data"))));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        ApiClient.Response started = api.patch("/containers/" + id + "/start", user.token());
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return id;
    }
}
