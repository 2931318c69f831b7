package com.containermanager.file;

import static com.containermanager.support.Multipart.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.FileTree;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.Multipart;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Small limits (1 MiB per upload, 3 MiB per user) keep these fast; what is refused must leave nothing behind. */
class FileLimitsIT extends IntegrationTest {

    private static final int MAX_UPLOAD = 1024 * 1024;
    private static final int QUOTA = 3 * 1024 * 1024;

    @Autowired
    private StorageSettings storage;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void smallLimits(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "file-limits");
        registry.add("cm.storage.max-upload-size", () -> MAX_UPLOAD + "B");
        registry.add("cm.storage.quota", () -> QUOTA + "B");
    }

    @Test
    void shouldRefuseAnUploadOverTheLimitByItsLengthAndLeaveNothing() {
        ApiClient.Session user = api.newUser("too-large");

        ApiClient.Response refused = api.upload(user.token(), "big.bin", randomBytes(MAX_UPLOAD + 300_000));

        assertTooLarge(refused, "file exceeds the upload limit of " + MAX_UPLOAD + " bytes");
        assertThat(FileTree.names(folderOf(user))).isEmpty();
    }

    @Test
    void shouldRefuseAnUploadOverTheLimitWhileStreamingAndLeaveNothing() {
        ApiClient.Session user = api.newUser("too-large-chunked");
        byte[] body = Multipart.body("big.bin", randomBytes(MAX_UPLOAD + 1));

        // Chunked: no length up front, so the server finds out by counting.
        ApiClient.Response refused = api.send(api.request("/files", user.token())
                .header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertTooLarge(refused, "file exceeds the upload limit of " + MAX_UPLOAD + " bytes");
        assertThat(FileTree.names(folderOf(user)))
                .as("no file, no temporary file")
                .isEmpty();
    }

    @Test
    void shouldAcceptAnUploadOfExactlyTheLimit() {
        ApiClient.Session user = api.newUser("at-limit");

        ApiClient.Response stored = api.upload(user.token(), "exact.bin", randomBytes(MAX_UPLOAD));

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("size").asLong()).isEqualTo(MAX_UPLOAD);
    }

    @Test
    void shouldRefuseAnUploadOverTheQuotaAndKeepTheExistingFiles() throws Exception {
        ApiClient.Session user = api.newUser("quota");
        byte[] a = randomBytes(1_000_000);
        byte[] b = randomBytes(1_000_000);
        byte[] c = randomBytes(1_000_000);
        assertThat(api.upload(user.token(), "a.bin", a).status()).isEqualTo(200);
        assertThat(api.upload(user.token(), "b.bin", b).status()).isEqualTo(200);
        assertThat(api.upload(user.token(), "c.bin", c).status()).isEqualTo(200);

        ApiClient.Response refused = api.upload(user.token(), "d.bin", randomBytes(500_000));

        assertTooLarge(refused, "storage quota of " + QUOTA + " bytes exceeded");
        Path folder = folderOf(user);
        assertThat(FileTree.names(folder)).containsExactly("a.bin", "b.bin", "c.bin");
        assertThat(Files.readAllBytes(folder.resolve("a.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(folder.resolve("b.bin"))).isEqualTo(b);
        assertThat(Files.readAllBytes(folder.resolve("c.bin"))).isEqualTo(c);

        byte[] newA = randomBytes(1_000_000);
        assertThat(api.upload(user.token(), "a.bin", newA).status())
                .as("a replacement only needs room for what it adds")
                .isEqualTo(200);
        assertThat(Files.readAllBytes(folder.resolve("a.bin"))).isEqualTo(newA);
        assertThat(api.delete("/files/c.bin", user.token()).status()).isEqualTo(200);
        assertThat(api.upload(user.token(), "d.bin", randomBytes(500_000)).status())
                .as("a deletion frees its bytes")
                .isEqualTo(200);
    }

    @Test
    void shouldNotLetConcurrentUploadsJointlyPassTheQuota() throws Exception {
        ApiClient.Session user = api.newUser("concurrent");
        int size = 900_000;
        List<Callable<ApiClient.Response>> uploads = IntStream.range(0, 8)
                .<Callable<ApiClient.Response>>mapToObj(i -> () -> api.upload(user.token(), "f" + i, randomBytes(size)))
                .toList();

        List<ApiClient.Response> responses;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            responses =
                    pool.invokeAll(uploads).stream().map(FileLimitsIT::result).toList();
        }

        long stored =
                responses.stream().filter(response -> response.status() == 200).count();
        assertThat(responses)
                .allSatisfy(response -> assertThat(response.status()).isIn(200, 413));
        assertThat(stored).isBetween(1L, 3L);
        Path folder = folderOf(user);
        long total = 0;
        for (String name : FileTree.names(folder)) {
            total += Files.size(folder.resolve(name));
        }
        assertThat(total).isEqualTo(stored * size).isLessThanOrEqualTo(QUOTA);
        assertThat(FileTree.names(folder)).hasSize((int) stored).noneMatch(name -> name.startsWith("."));
    }

    @Test
    void shouldFitAnUploadOfUnknownLengthIntoWhatIsLeftOfTheQuota() {
        ApiClient.Session user = api.newUser("chunked-quota");
        assertThat(api.upload(user.token(), "a.bin", randomBytes(1_000_000)).status())
                .isEqualTo(200);
        assertThat(api.upload(user.token(), "b.bin", randomBytes(1_000_000)).status())
                .isEqualTo(200);
        assertThat(api.upload(user.token(), "c.bin", randomBytes(1_000_000)).status())
                .isEqualTo(200);
        int left = QUOTA - 3_000_000;

        // No length up front: the upload reserves what is left of the quota, and may use all of it.
        ApiClient.Response fits = chunked(user, "d.bin", randomBytes(left));
        ApiClient.Response over = chunked(user, "e.bin", randomBytes(1));

        assertThat(fits.status()).as(fits.body()).isEqualTo(200);
        assertTooLarge(over, "storage quota of " + QUOTA + " bytes exceeded");
        assertThat(FileTree.names(folderOf(user))).containsExactly("a.bin", "b.bin", "c.bin", "d.bin");
    }

    @Test
    void shouldCountReservationsUntilTheyExpire() {
        ApiClient.Session user = api.newUser("reservations");
        long owner = Long.parseLong(user.userId());
        reserve(owner, QUOTA, "now() + interval '1 hour'");

        ApiClient.Response held = api.upload(user.token(), "a.bin", randomBytes(1000));
        jdbc.sql("update upload_reservations set expires_at = now() - interval '1 second' where user_id = :user")
                .param("user", owner)
                .update();
        ApiClient.Response freed = api.upload(user.token(), "a.bin", randomBytes(1000));

        assertTooLarge(held, "storage quota of " + QUOTA + " bytes exceeded");
        assertThat(freed.status())
                .as("the reservation of an upload that died with its instance expired")
                .isEqualTo(200);
    }

    /** A reservation as an upload in flight on some instance holds it. */
    private void reserve(long owner, long bytes, String expiresAt) {
        jdbc.sql("insert into upload_reservations (id, user_id, bytes, new_file, expires_at) "
                        + "values (gen_random_uuid(), :user, :bytes, true, " + expiresAt + ")")
                .param("user", owner)
                .param("bytes", bytes)
                .update();
    }

    private ApiClient.Response chunked(ApiClient.Session user, String name, byte[] content) {
        byte[] body = Multipart.body(name, content);
        return api.send(api.request("/files", user.token())
                .header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    @Test
    void shouldLeaveNothingWhenTheClientDisconnectsMidUpload() throws Exception {
        ApiClient.Session user = api.newUser("aborted");
        Path folder = folderOf(user);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + user.token()
                            + "\r\nContent-Type: " + Multipart.CONTENT_TYPE + "\r\nContent-Length: "
                            + (MAX_UPLOAD - 1000)
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(Multipart.head("file", "partial.bin"));
            out.write(randomBytes(300_000));
            out.flush();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() ->
                            FileTree.names(folder).stream().anyMatch(name -> name.startsWith(TemporaryUploads.PREFIX)));
        }

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> FileTree.names(folder).isEmpty());
        assertThat(api.get("/files", user.token()).json().size()).isZero();
    }

    private Path folderOf(ApiClient.Session user) {
        return storage.basePath().resolve(user.userId());
    }

    private static void assertTooLarge(ApiClient.Response response, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.error()).isEqualTo(message);
    }

    private static ApiClient.Response result(Future<ApiClient.Response> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
