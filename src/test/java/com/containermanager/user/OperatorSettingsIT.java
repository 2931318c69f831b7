package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.file.StorageSettings;
import com.containermanager.platform.DataFolderSettings;
import com.containermanager.support.ApiClient;
import com.containermanager.support.FileTree;
import com.containermanager.support.IntegrationTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance as a careful operator runs it: registration closed, accounts made with the operator's command (the
 * built jar, as make user runs it), and a free-space floor that the disk is below, so that uploads are refused.
 */
@DirtiesContext
class OperatorSettingsIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private DataFolderSettings dataFolder;

    @Autowired
    private StorageSettings storage;

    @DynamicPropertySource
    static void closedAndFull(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "operator");
        registry.add("auth.registration", () -> "closed");
        // Every file system has less free space than all of it.
        registry.add("storage.min_free_percent", () -> "100");
    }

    @Test
    void shouldRefuseRegistrationWhenClosed() {
        ApiClient.Response refused =
                api.post("/users", "{\"username\":\"walk-in\",\"password\":\"correct-horse\"}", null);

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("registration is closed");
    }

    @Test
    void shouldLetTheOperatorMakeAnAccountInTheRunningServicesDatabase() throws Exception {
        String name = "made-" + UUID.randomUUID().toString().substring(0, 8);

        Result made = createUser(dataFolder.dataDir(), name, "correct-horse");

        assertThat(made.exit()).as(made.toString()).isZero();
        JsonNode user = JSON.readTree(made.out());
        assertThat(user.get("username").asString()).isEqualTo(name);
        ApiClient.Response login =
                api.post("/users/login", ApiClient.json(Map.of("username", name, "password", "correct-horse")), null);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("id").asString()).isEqualTo(user.get("id").asString());
        Result again = createUser(dataFolder.dataDir(), name.toUpperCase(), "correct-horse");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("username already taken");
        Result weak = createUser(dataFolder.dataDir(), "weak-" + name, "short");
        assertThat(weak.exit()).isEqualTo(1);
        assertThat(weak.err()).contains("password must be 8 to 72 bytes");
    }

    @Test
    void shouldMakeAnAccountWithNoServiceRunning() throws Exception {
        Path fresh =
                RUN_DIR.resolve("no-service-" + UUID.randomUUID().toString().substring(0, 8));

        Result made = createUser(fresh, "first-user", "correct-horse");
        Result again = createUser(fresh, "first-user", "correct-horse");

        assertThat(made.exit()).as(made.toString()).isZero();
        assertThat(again.exit())
                .as("the account was stored in that data folder")
                .isEqualTo(1);
        assertThat(again.err()).contains("username already taken");
    }

    @Test
    void shouldRefuseUploadsWhileTheDiskIsBelowItsFloor() throws Exception {
        String name = "uploader-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(createUser(dataFolder.dataDir(), name, "correct-horse").exit())
                .isZero();
        String login = ApiClient.json(Map.of("username", name, "password", "correct-horse"));
        ApiClient.Response session = api.post("/users/login", login, null);
        String token = session.json().get("token").asString();

        ApiClient.Response refused = api.upload(token, "any.bin", new byte[100]);

        assertThat(refused.status()).as(refused.body()).isEqualTo(507);
        assertThat(refused.error()).isEqualTo("insufficient storage");
        assertThat(FileTree.names(
                        storage.basePath().resolve(session.json().get("id").asString())))
                .isEmpty();
    }

    /** The operator's command, run from the built jar as make user runs it, on this data folder. */
    private static Result createUser(Path dataDir, String name, String password)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx128m",
                "-jar",
                Path.of("target", "container-manager.jar").toString(),
                "create-user",
                "--name=" + name,
                "--cm.data-dir=" + dataDir,
                "--config.file=" + dataDir.resolveSibling("no-config.yaml")));
        Path out = Files.createTempFile(RUN_DIR, "create-user", ".out");
        Path err = Files.createTempFile(RUN_DIR, "create-user", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("the command ended")
                .isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exit, String out, String err) {}
}
