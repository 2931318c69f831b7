package com.containermanager.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.Multipart;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Proof that uploads stream: Failsafe runs this class alone in a JVM with a 128 MiB heap (see pom.xml), and it
 * uploads a file several times that size, generated as it is sent. Held in memory anywhere, it could not fit.
 */
class LargeUploadSmallHeapIT extends IntegrationTest {

    private static final long SIZE = 400L * 1024 * 1024;

    @Autowired
    private StorageSettings storage;

    @DynamicPropertySource
    static void roomForALargeUpload(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "large-upload");
        registry.add("cm.storage.max-upload-size", () -> "512MB");
    }

    @Test
    void shouldStreamAnUploadSeveralTimesLargerThanTheHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the heap this proof relies on")
                .isLessThan(SIZE / 3);
        ApiClient.Session user = api.newUser("large");
        MessageDigest sent = sha256();
        Supplier<InputStream> body = Multipart.streamed("large.bin", () -> new GeneratedStream(SIZE, sent));
        long length = Multipart.head("file", "large.bin").length + SIZE + Multipart.tail().length;

        ApiClient.Response stored = api.send(api.request("/files", user.token())
                .header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(body), length)));

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("size").asLong()).isEqualTo(SIZE);
        Path file = storage.basePath().resolve(user.userId()).resolve("large.bin");
        assertThat(Files.size(file)).isEqualTo(SIZE);
        assertThat(digestOf(file)).as("the bytes on disk are the bytes sent").isEqualTo(hex(sent));
        assertThat(api.delete("/files/large.bin", user.token()).status()).isEqualTo(200);
    }

    private static String digestOf(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** size bytes of a cheap pattern, never held: each block is made as it is read, and digested on the way. */
    private static final class GeneratedStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private final byte[] block = Multipart.randomBytes(1 << 16);
        private long sent;

        GeneratedStream(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (sent == size) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, size - sent), block.length);
            System.arraycopy(block, 0, buffer, offset, n);
            // Vary the pattern per block so that a lost or repeated block changes the digest.
            buffer[offset] ^= (byte) (sent >>> 16);
            digest.update(buffer, offset, n);
            sent += n;
            return n;
        }
    }
}
