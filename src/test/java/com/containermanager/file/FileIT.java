package com.containermanager.file;

import static com.containermanager.support.Multipart.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.FileTree;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.Multipart;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class FileIT extends IntegrationTest {

    @Autowired
    private StorageSettings storage;

    @Test
    void shouldRoundTripReplaceListAndDeleteAFile() {
        ApiClient.Session user = api.newUser("files");
        byte[] first = randomBytes(300_000);

        ApiClient.Response stored = api.upload(user.token(), "data.bin", first);

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("name").asString()).isEqualTo("data.bin");
        assertThat(stored.json().get("size").asLong()).isEqualTo(first.length);
        HttpResponse<byte[]> downloaded = api.download("/files/data.bin", user.token(), null);
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(first);
        assertThat(downloaded.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.length));
        assertThat(downloaded.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(downloaded.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .contains("filename=\"data.bin\"");

        byte[] second = randomBytes(1234);
        assertThat(api.upload(user.token(), "data.bin", second)
                        .json()
                        .get("size")
                        .asLong())
                .isEqualTo(1234);
        assertThat(api.download("/files/data.bin", user.token(), null).body())
                .as("replaced")
                .isEqualTo(second);

        JsonNode listed = api.get("/files", user.token()).json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("name").asString()).isEqualTo("data.bin");
        assertThat(listed.get(0).get("size").asLong()).isEqualTo(1234);
        assertThat(listed.get(0).get("modified_at").asString()).endsWith("Z");
        assertThat(Instant.parse(listed.get(0).get("modified_at").asString()))
                .isBefore(Instant.now().plusSeconds(5));

        ApiClient.Response deleted = api.delete("/files/data.bin", user.token());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertNotFound(api.get("/files/data.bin", user.token()));
        assertNotFound(api.delete("/files/data.bin", user.token()));
        assertThat(api.get("/files", user.token()).json().size()).isZero();
        assertThat(FileTree.names(folderOf(user))).as("no temporary file stays").isEmpty();
    }

    @Test
    void shouldServeRangesWith206() {
        ApiClient.Session user = api.newUser("ranges");
        byte[] content = randomBytes(1000);
        api.upload(user.token(), "range.bin", content);

        HttpResponse<byte[]> middle = api.download("/files/range.bin", user.token(), "bytes=100-199");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 100-199/1000");
        assertThat(middle.headers().firstValue("Content-Length")).hasValue("100");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));

        HttpResponse<byte[]> suffix = api.download("/files/range.bin", user.token(), "bytes=-10");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 990-999/1000");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 990, 1000));

        HttpResponse<byte[]> outside = api.download("/files/range.bin", user.token(), "bytes=5000-6000");
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */1000");
        assertThat(new String(outside.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"range not satisfiable\",\"code\":\"range_not_satisfiable\"}");
        HttpResponse<byte[]> whole = api.download("/files/range.bin", user.token(), null);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    }

    @Test
    void shouldEncodeUnusualNamesSafelyInTheDownload() {
        ApiClient.Session user = api.newUser("unusual");
        String name = "résumé v2 (final) 名前.txt";
        assertThat(api.upload(user.token(), name, "x".getBytes()).status()).isEqualTo(200);

        HttpResponse<byte[]> downloaded = api.download("/files/" + encode(name), user.token(), null);

        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo("x".getBytes());
        assertThat(downloaded.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .contains("filename*=UTF-8''r%C3%A9sum%C3%A9%20v2%20%28final%29%20%E5%90%8D%E5%89%8D.txt");
        assertThat(api.get("/files", user.token()).json().get(0).get("name").asString())
                .isEqualTo(name);
    }

    /** Whatever an upload accepts must be addressable in a URL path, past Tomcat and the security firewall. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "a b.txt",
                "a+b",
                "a&b=c",
                "what?.txt",
                "hash#1",
                "it's",
                "(1)[2]{3}",
                "~tilde",
                "a,b",
                "at@host",
                "$dollar",
                "!bang",
                "^caret",
                "`tick`",
                "x.",
                "a..b",
                "名前.txt",
                "emoji-\uD83D\uDE00",
                "tab-less:colon"
            })
    void shouldDownloadAndDeleteEveryNameItAccepts(String name) {
        ApiClient.Session user = api.newUser("addressable");
        assertThat(api.upload(user.token(), name, "x".getBytes()).status()).isEqualTo(200);

        HttpResponse<byte[]> downloaded = api.download("/files/" + encode(name), user.token(), null);
        assertThat(downloaded.statusCode()).as(name).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo("x".getBytes());
        ApiClient.Response deleted = api.delete("/files/" + encode(name), user.token());
        assertThat(deleted.status()).as(name + ": " + deleted.body()).isEqualTo(200);
        assertThat(FileTree.names(folderOf(user))).isEmpty();
    }

    @Test
    void shouldKeepUsersFilesApart() {
        ApiClient.Session owner = api.newUser("owner");
        ApiClient.Session other = api.newUser("other");
        api.upload(owner.token(), "secret.txt", "owner's".getBytes());

        assertThat(api.get("/files", other.token()).json().size()).isZero();
        assertNotFound(api.get("/files/secret.txt", other.token()));
        assertNotFound(api.delete("/files/secret.txt", other.token()));
        assertThat(api.get("/files", null).status()).isEqualTo(401);
        assertThat(api.download("/files/secret.txt", owner.token(), null).body())
                .isEqualTo("owner's".getBytes());
        assertThat(FileTree.names(folderOf(other))).isEmpty();
    }

    @Test
    void shouldRefuseUploadsWithoutAFileField() {
        ApiClient.Session user = api.newUser("no-field");
        byte[] body = ("--" + Multipart.BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nvalue\r\n--" + Multipart.BOUNDARY
                        + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        ApiClient.Response noField = api.send(api.request("/files", user.token())
                .header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        ApiClient.Response notMultipart = api.send(api.request("/files", user.token())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        byte[] cutShort = Arrays.copyOf(Multipart.body("cut.bin", new byte[1000]), 500);
        ApiClient.Response garbled = api.send(api.request("/files", user.token())
                .header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(cutShort)));

        assertThat(noField.status()).isEqualTo(400);
        assertThat(noField.error()).isEqualTo("multipart field \"file\" is required");
        assertThat(notMultipart.status()).isEqualTo(415);
        assertThat(garbled.status()).isEqualTo(400);
        assertThat(garbled.error()).isEqualTo("malformed or incomplete multipart body");
        assertThat(FileTree.names(folderOf(user)))
                .as("nothing stays of the cut-short upload")
                .isEmpty();
    }

    static Stream<String> namesWithSeparators() {
        return Stream.of(
                "../%s", "../../%s", "/etc/%s", "..\\%s", "..\\..\\%s", "a/../../%s", "a\\..\\..\\%s", "./%s", "/%s");
    }

    /** The contract stores the last segment: the name may say "elsewhere", the file still lands in the folder. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("namesWithSeparators")
    void shouldStoreOnlyTheLastSegmentOfNamesWithSeparators(String template) {
        ApiClient.Session user = api.newUser("separators");
        Path folder = prepareFolder(user);
        String marker = "escape-" + UUID.randomUUID();
        Set<String> before = outsideData();

        ApiClient.Response stored = api.upload(user.token(), template.formatted(marker), "payload".getBytes());

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("name").asString()).isEqualTo(marker);
        assertThat(FileTree.names(folder)).containsExactlyInAnyOrder("seed", marker);
        assertThat(FileTree.named(runFolder(), marker)).containsExactly(folder.resolve(marker));
        assertThat(Files.exists(Path.of("/etc", marker))).isFalse();
        Set<String> after = outsideData();
        after.remove(runFolder().relativize(folder.resolve(marker)).toString());
        assertThat(after).as("nothing else changed on disk").isEqualTo(before);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("com.containermanager.file.FileNamesTest#refusedNames")
    void shouldRefuseNamesThatCouldMeanSomethingElse(String name, String message) {
        ApiClient.Session user = api.newUser("refused");
        Path folder = prepareFolder(user);
        Set<String> before = outsideData();

        ApiClient.Response refused = api.upload(user.token(), name, "payload".getBytes());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo(message);
        assertThat(FileTree.names(folder)).containsExactly("seed");
        assertThat(outsideData()).as("nothing changed on disk").isEqualTo(before);
    }

    @Test
    void shouldAcceptAName255BytesLong() {
        ApiClient.Session user = api.newUser("long-name");
        String name = "é".repeat(127) + "x";

        ApiClient.Response stored = api.upload(user.token(), name, "x".getBytes());

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(FileTree.names(folderOf(user))).containsExactly(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..%2F..%2Foutside.txt",
                "%2E%2E%2F%2E%2E%2Foutside.txt",
                "..%5C..%5Coutside.txt",
                "..",
                "%2E%2E",
                ".hidden",
                "%00outside.txt",
                "a%0Ab",
                "seed%2F..%2F..%2F..%2Foutside.txt"
            })
    void shouldNeverResolveHostileNamesInThePath(String hostile) throws Exception {
        ApiClient.Session user = api.newUser("hostile-path");
        prepareFolder(user);
        Path outside = runFolder().resolve("outside.txt");
        Files.writeString(outside, "outside the user's folder");

        for (ApiClient.Response response :
                List.of(api.get("/files/" + hostile, user.token()), api.delete("/files/" + hostile, user.token()))) {
            assertThat(response.status()).as(hostile + ": " + response.body()).isIn(400, 404);
            assertThat(response.body()).doesNotContain("outside the user's folder");
        }
        assertThat(Files.readString(outside)).isEqualTo("outside the user's folder");
    }

    @Test
    void shouldNeverFollowALinkPlantedInTheUsersFolder() throws Exception {
        ApiClient.Session user = api.newUser("symlink");
        Path folder = prepareFolder(user);
        Path outsideFile = Files.writeString(runFolder().resolve("target-" + UUID.randomUUID()), "secret");
        Path outsideDir = Files.createDirectory(runFolder().resolve("target-dir-" + UUID.randomUUID()));
        Files.createSymbolicLink(folder.resolve("link"), outsideFile);
        Files.createSymbolicLink(folder.resolve("dirlink"), outsideDir);

        assertThat(api.get("/files", user.token()).json().toString()).doesNotContain("link");
        assertNotFound(api.get("/files/link", user.token()));
        assertNotFound(api.delete("/files/link", user.token()));
        assertThat(Files.isSymbolicLink(folder.resolve("link"))).isTrue();

        ApiClient.Response overLink = api.upload(user.token(), "link", "new".getBytes());
        ApiClient.Response overDirLink = api.upload(user.token(), "dirlink", "new".getBytes());

        assertThat(overLink.status()).as(overLink.body()).isEqualTo(200);
        assertThat(overDirLink.status()).as(overDirLink.body()).isEqualTo(200);
        assertThat(Files.readString(outsideFile))
                .as("the link's target is untouched")
                .isEqualTo("secret");
        assertThat(FileTree.names(outsideDir)).isEmpty();
        assertThat(Files.isSymbolicLink(folder.resolve("link")))
                .as("the link was replaced, not followed")
                .isFalse();
        assertThat(api.download("/files/link", user.token(), null).body()).isEqualTo("new".getBytes());
    }

    @Test
    void shouldRefuseAUserFolderThatIsALink() throws Exception {
        ApiClient.Session user = api.newUser("folder-link");
        Path outsideDir = Files.createDirectory(runFolder().resolve("elsewhere-" + UUID.randomUUID()));
        Files.createDirectories(storage.basePath());
        Files.createSymbolicLink(folderOf(user), outsideDir);

        ApiClient.Response refused = api.upload(user.token(), "x.txt", "x".getBytes());

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.error()).isEqualTo("internal error");
        assertThat(FileTree.names(outsideDir)).isEmpty();
    }

    private Path folderOf(ApiClient.Session user) {
        return storage.basePath().resolve(user.userId());
    }

    /** This context's run folder: the storage base, the database and anything a test plants, side by side. */
    private Path runFolder() {
        return storage.basePath().getParent();
    }

    /** The run folder but for PostgreSQL's data, which changes by itself all the time. */
    private Set<String> outsideData() {
        Path data = runFolder().resolve("data");
        return FileTree.snapshot(runFolder(), data::equals);
    }

    /** Creates the user's folder with one file, so a snapshot taken now sees the folder as it will stay. */
    private Path prepareFolder(ApiClient.Session user) {
        assertThat(api.upload(user.token(), "seed", "seed".getBytes()).status()).isEqualTo(200);
        return folderOf(user);
    }

    private static void assertNotFound(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("file not found");
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
