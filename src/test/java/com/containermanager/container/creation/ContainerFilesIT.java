package com.containermanager.container.creation;

import static com.containermanager.support.Multipart.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.job.JobService;
import com.containermanager.job.spi.JobExecution;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Files handed to a container at creation, read back through the engine. */
class ContainerFilesIT extends IntegrationTest {

    @Autowired
    private ContainerCreationHandler handler;

    @Autowired
    private JobService jobs;

    @Test
    void shouldCopyTheCallersFilesIntoTheContainerUnderFiles() throws Exception {
        ApiClient.Session user = api.newUser("hand-off");
        byte[] data = randomBytes(200_000);
        byte[] notes = "hello from the host\n".getBytes(StandardCharsets.UTF_8);
        String longName = "名前 with spaces and a long tail " + "x".repeat(150) + ".txt";
        assertThat(api.upload(user.token(), "data.bin", data).status()).isEqualTo(200);
        assertThat(api.upload(user.token(), "notes.txt", notes).status()).isEqualTo(200);
        assertThat(api.upload(user.token(), longName, notes).status()).isEqualTo(200);
        List<String> files = List.of("data.bin", "notes.txt", longName);

        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", List.of("true"), "files", files));

        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        assertThat(copyOut(id, "/files/data.bin")).isEqualTo(data);
        assertThat(copyOut(id, "/files/notes.txt")).isEqualTo(notes);
        assertThat(copyOut(id, "/files/" + longName)).isEqualTo(notes);

        // A retried job (its worker died after the copy) copies again onto the container it adopts: same result.
        String payload =
                ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("true"), "env", List.of(), "files", files));
        Map<String, Object> retried = handler.handle(execution(job.get("id").asString(), user, payload))
                .result();
        assertThat(retried).containsEntry("container_id", id);
        assertThat(copyOut(id, "/files/data.bin")).isEqualTo(data);
        assertThat(api.get("/containers", user.token()).json().size()).isEqualTo(1);
    }

    @Test
    void shouldRefuseFilesTheCallerDoesNotHaveAtRequestTime() {
        ApiClient.Session owner = api.newUser("file-owner");
        ApiClient.Session other = api.newUser("file-other");
        api.upload(owner.token(), "mine.txt", "x".getBytes());

        for (var request : List.of(
                Map.of("image", TEST_IMAGE, "files", List.of("mine.txt")),
                Map.of("image", TEST_IMAGE, "files", List.of("nope.txt")),
                Map.of("image", TEST_IMAGE, "files", List.of("../" + owner.userId() + "/mine.txt")))) {
            ApiClient.Response refused = api.post("/containers", ApiClient.json(request), other.token());
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.error()).startsWith("file not found: ");
        }
        ApiClient.Response tooMany = api.post(
                "/containers",
                ApiClient.json(Map.of("image", TEST_IMAGE, "files", java.util.Collections.nCopies(65, "mine.txt"))),
                owner.token());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.error()).isEqualTo("files has more than 64 entries");
        assertThat(api.get("/jobs", other.token()).json().size())
                .as("no job was written")
                .isZero();
        assertThat(api.get("/jobs", owner.token()).json().size()).isZero();
    }

    @Test
    void shouldFailTheJobClearlyWhenAFileIsGoneByTheTimeItRuns() {
        ApiClient.Session user = api.newUser("vanished-file");
        // As if the file had been deleted between the request (which checked it) and the job.
        UUID jobId = jobs.submit(
                Long.parseLong(user.userId()),
                ContainerCreationHandler.TYPE,
                new CreationPayload(TEST_IMAGE, List.of("true"), List.of(), List.of("gone.txt"), null));

        JsonNode job = awaitJob(user, jobId.toString());

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).isEqualTo("file not found: gone.txt");
        assertThat(EngineFixture.containersLabelled(ContainerLabels.JOB, jobId.toString()))
                .as("no container left behind")
                .isEmpty();
        assertThat(api.get("/containers", user.token()).json().size()).isZero();
    }

    /** The file's bytes as the engine has them: "docker cp" writes a tar of it to stdout. */
    private static byte[] copyOut(String containerId, String path) throws IOException, InterruptedException {
        Process copy = new ProcessBuilder("docker", "cp", containerId + ":" + path, "-").start();
        byte[] tar = copy.getInputStream().readAllBytes();
        String errors = new String(copy.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(copy.waitFor()).as(errors).isZero();
        try (TarArchiveInputStream entries = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry = entries.getNextEntry();
            assertThat(entry).isNotNull();
            assertThat(entry.isFile()).isTrue();
            return entries.readAllBytes();
        }
    }

    private static JobExecution execution(String jobId, ApiClient.Session user, String payload) {
        return new JobExecution() {
            @Override
            public UUID jobId() {
                return UUID.fromString(jobId);
            }

            @Override
            public long ownerId() {
                return Long.parseLong(user.userId());
            }

            @Override
            public String payload() {
                return payload;
            }

            @Override
            public int attempt() {
                return 2;
            }

            @Override
            public void ensureClaimed() {}

            @Override
            public void reportProgress(long current, long total) {}
        };
    }
}
