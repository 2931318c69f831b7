package com.containermanager.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.limits.UserLimits;
import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.Installation;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.VolumeSettings;
import com.containermanager.support.ApiClient;
import com.containermanager.support.Concurrently;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Volumes against the real engine: data that outlives its container, a hard size limit (a write past it fails in
 * the container with no space left), nobody else's containers ever mount it, the limits per user, and the volume
 * going with its user. Traffic goes only to the test's own containers.
 */
class VolumesIT extends IntegrationTest {

    private static final List<String> SLEEPER = List.of("sleep", "3600");
    private static final long MIB = 1024 * 1024;

    /**
     * Volumes need no network: containers.network none keeps this test off the users' subnets (which networks left
     * on the shared engine by other runs may hold).
     */
    @DynamicPropertySource
    static void withoutNetworks(DynamicPropertyRegistry registry) {
        registry.add("cm.docker.network", () -> "none");
    }

    @Autowired
    UserLimits userLimits;

    @Autowired
    Installation installation;

    @Autowired
    VolumeSettings settings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataFolderSettings data;

    @Test
    void shouldKeepDataAcrossContainersWithinAHardSize() {
        ApiClient.Session alice = api.newUser("vol-a");
        ApiClient.Response made =
                api.post("/volumes", ApiClient.json(Map.of("name", "data", "size", "16MiB")), alice.token());
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("name").asString()).isEqualTo("data");
        assertThat(made.json().get("size_bytes").asLong()).isEqualTo(16 * MIB);
        assertThat(made.json().get("limit").asString()).isEqualTo("hard");
        assertThat(made.json().get("created_at").asString()).isNotBlank();
        assertThat(EngineFixture.volumesLabelled(Map.of(
                        ContainerLabels.OWNER,
                        alice.userId(),
                        ContainerLabels.INSTALLATION,
                        installation.id().toString())))
                .hasSize(1);

        started(alice, "first", List.of(Map.of("volume", "data", "path", "/data")));
        JsonNode container = api.get("/containers/first", alice.token()).json();
        assertThat(container.get("volumes").get(0).get("volume").asString()).isEqualTo("data");
        assertThat(container.get("volumes").get(0).get("path").asString()).isEqualTo("/data");
        JsonNode wrote = shell(alice, "first", "echo kept > /data/note && sync && cat /data/note");
        assertThat(wrote.get("exit_code").asInt()).as(wrote.toString()).isZero();

        // Past the size: the write fails inside the container, and the file system is full.
        JsonNode filled = shell(alice, "first", "dd if=/dev/zero of=/data/big bs=1M count=64 2>&1; sync");
        assertThat(filled.get("stdout").asString()).as(filled.toString()).contains("No space left on device");
        JsonNode used = api.get("/volumes/data", alice.token()).json();
        assertThat(used.get("used_bytes").asLong()).as(used.toString()).isGreaterThan(12 * MIB);
        assertThat(used.get("used_bytes").asLong()).isLessThanOrEqualTo(16 * MIB);

        // Mounted: not removable; the container's deletion leaves it.
        ApiClient.Response refused = api.delete("/volumes/data", alice.token());
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("volume_in_use");
        assertThat(api.delete("/containers/first", alice.token()).status()).isEqualTo(200);

        // The next container finds the data; read-only, it cannot write.
        started(alice, "second", List.of(Map.of("volume", "data", "path", "/work/in", "read_only", true)));
        JsonNode read = shell(alice, "second", "cat /work/in/note; rm /work/in/big");
        assertThat(read.get("stdout").asString()).as(read.toString()).contains("kept");
        assertThat(read.get("exit_code").asInt()).as("read-only: rm fails").isNotZero();
        assertThat(api.delete("/containers/second", alice.token()).status()).isEqualTo(200);

        Path image = imageOf(alice, "data");
        assertThat(image).exists();
        ApiClient.Response removed = api.delete("/volumes/data", alice.token());
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(api.get("/volumes/data", alice.token()).status()).isEqualTo(404);
        assertThat(api.get("/volumes", alice.token()).json()).isEmpty();
        assertThat(image).doesNotExist();
        assertThat(EngineFixture.volumesLabelled(Map.of(
                        ContainerLabels.OWNER,
                        alice.userId(),
                        ContainerLabels.INSTALLATION,
                        installation.id().toString())))
                .isEmpty();
    }

    @Test
    void shouldKeepEveryoneElseOut() {
        ApiClient.Session alice = api.newUser("vol-own");
        ApiClient.Session bob = api.newUser("vol-other");
        assertThat(api.post("/volumes", ApiClient.json(Map.of("name", "data", "size", "16MiB")), alice.token())
                        .status())
                .isEqualTo(201);

        ApiClient.Response read = api.get("/volumes/data", bob.token());
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.json().get("code").asString()).isEqualTo("volume_not_found");
        assertThat(api.delete("/volumes/data", bob.token()).status()).isEqualTo(404);
        assertThat(api.get("/volumes", bob.token()).json()).isEmpty();
        ApiClient.Response mount = createRequest(bob, "thief", List.of(Map.of("volume", "data", "path", "/data")));
        assertThat(mount.status()).as(mount.body()).isEqualTo(404);
        assertThat(containersInEngineOf(bob)).isEmpty();

        // Bob's own volume of the same name is his, and separate.
        assertThat(api.post("/volumes", ApiClient.json(Map.of("name", "data", "size", "16MiB")), bob.token())
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/volumes", ApiClient.json(Map.of("name", "data", "size", "16MiB")), alice.token())
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("name_taken");

        // Paths outside volumes.mount_prefixes, or that climb out of one, are refused before anything is made.
        for (String path : List.of("/", "/etc", "/proc/x", "/data/../etc", "relative", "/files", "/datafoo")) {
            ApiClient.Response refused = createRequest(alice, "bad", List.of(Map.of("volume", "data", "path", path)));
            assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(400);
        }
        for (String size : List.of("1KiB", "lots", "-5", "1000TiB")) {
            ApiClient.Response refused =
                    api.post("/volumes", ApiClient.json(Map.of("name", "x", "size", size)), alice.token());
            assertThat(refused.status()).as(size + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("code").asString()).isEqualTo("invalid_size");
        }
    }

    @Test
    void shouldHoldTheLimitsUnderConcurrentCreations() throws Exception {
        ApiClient.Session user = api.newUser("vol-limit");
        long id = Long.parseLong(user.userId());
        userLimits.change(id, Map.of("volumes", 2L, "volume_bytes", 64 * MIB));

        List<Integer> statuses = Concurrently.run(
                6,
                i -> api.post("/volumes", ApiClient.json(Map.of("name", "v" + i, "size", "16MiB")), user.token())
                        .status());
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(2);
        assertThat(statuses).filteredOn(status -> status == 403).hasSize(4);
        ApiClient.Response over =
                api.post("/volumes", ApiClient.json(Map.of("name", "more", "size", "16MiB")), user.token());
        assertThat(over.error()).isEqualTo("limit reached: volumes (2)");

        userLimits.change(id, Map.of("volumes", 10L));
        ApiClient.Response bytes =
                api.post("/volumes", ApiClient.json(Map.of("name", "big", "size", "40MiB")), user.token());
        assertThat(bytes.status()).isEqualTo(403);
        assertThat(bytes.error()).isEqualTo("limit reached: volume_bytes (" + 64 * MIB + ")");

        JsonNode usage = api.get("/users/me", user.token()).json().get("usage");
        assertThat(usage.get("volumes").get("used").asLong()).isEqualTo(2);
        assertThat(usage.get("volumes").get("limit").asLong()).isEqualTo(10);
        assertThat(usage.get("volume_bytes").get("used").asLong()).isEqualTo(32 * MIB);
        assertThat(usage.get("volume_bytes").get("limit").asLong()).isEqualTo(64 * MIB);
    }

    @Test
    void shouldHoldAGroupsVolumeBytesBudgetAcrossItsMembers() throws Exception {
        ApiClient.Session admin = newAdmin("vol-group-admin");
        String groupName = "vol-team-" + System.nanoTime();
        ApiClient.Response made = api.post(
                "/admin/groups",
                ApiClient.json(Map.of("name", groupName, "budgets", Map.of("volume_bytes", 48 * MIB))),
                admin.token());
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        String group = made.json().get("id").asString();
        List<ApiClient.Session> members = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ApiClient.Session member = api.newUser("vol-member");
            ApiClient.Response added =
                    api.send(api.request("/admin/groups/" + group + "/members/" + member.userId(), admin.token())
                            .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(added.status()).as(added.body()).isEqualTo(204);
            members.add(member);
        }

        // Four members at once, 16 MiB each, against 48 MiB together: their own limits (1 GB) allow each.
        List<ApiClient.Response> answers = Concurrently.run(
                4,
                i -> api.post(
                        "/volumes",
                        ApiClient.json(Map.of("name", "shared", "size", "16MiB")),
                        members.get(i).token()));

        assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(3);
        assertThat(answers)
                .filteredOn(answer -> answer.status() == 403)
                .singleElement()
                .satisfies(answer -> assertThat(answer.error())
                        .isEqualTo("limit reached: volume_bytes of group " + groupName + " (" + 48 * MIB + ")"));
        JsonNode usage = api.get("/admin/groups/" + group, admin.token())
                .json()
                .get("usage")
                .get("volume_bytes");
        assertThat(usage.get("used").asLong()).isEqualTo(48 * MIB);
        assertThat(usage.get("limit").asLong()).isEqualTo(48 * MIB);
    }

    @Test
    void shouldRemoveAUsersVolumesWithTheUser() {
        ApiClient.Session admin = newAdmin("vol-admin");
        ApiClient.Session user = api.newUser("vol-gone");
        assertThat(api.post("/volumes", ApiClient.json(Map.of("name", "data", "size", "16MiB")), user.token())
                        .status())
                .isEqualTo(201);
        started(user, "web", List.of(Map.of("volume", "data", "path", "/data")));
        Map<String, String> labels = Map.of(
                ContainerLabels.OWNER,
                user.userId(),
                ContainerLabels.INSTALLATION,
                installation.id().toString());
        assertThat(EngineFixture.volumesLabelled(labels)).hasSize(1);
        Path image = imageOf(user, "data");
        assertThat(image).exists();

        ApiClient.Response accepted = api.delete("/admin/users/" + user.userId(), admin.token());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode job = awaitJob(admin, accepted.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("result").get("removed").get("volumes").asLong()).isEqualTo(1);
        assertThat(EngineFixture.volumesLabelled(labels)).isEmpty();
        assertThat(image).doesNotExist();
    }

    private ApiClient.Response createRequest(ApiClient.Session user, String name, List<Map<String, Object>> volumes) {
        return api.post(
                "/containers",
                ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", SLEEPER, "name", name, "volumes", volumes)),
                user.token());
    }

    private void started(ApiClient.Session user, String name, List<Map<String, Object>> volumes) {
        ApiClient.Response submitted = createRequest(user, name, volumes);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        JsonNode job = awaitJob(user, submitted.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        ApiClient.Response started = api.patch("/containers/" + name + "/start", user.token());
        assertThat(started.status()).as(started.body()).isEqualTo(200);
    }

    private Path imageOf(ApiClient.Session user, String name) {
        String id = jdbc.sql("select id::text from volumes where owner_id = :owner and name = :name")
                .param("owner", Long.parseLong(user.userId()))
                .param("name", name)
                .query(String.class)
                .single();
        return settings.directoryIn(data.dataDir()).toAbsolutePath().resolve(id + ".ext4");
    }
}
