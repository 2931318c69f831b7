package com.containermanager.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserLock;
import com.containermanager.support.SqlTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The storage quota's SQL on PostgreSQL: reservations of every instance count together under the user's lock, a
 * settled upload moves the running total, a replacement counts what it adds, and an expired reservation stops
 * counting. 10 MB of quota and two files a user.
 */
@SqlTest
@Import({StorageQuota.class, UserLock.class, UserLimits.class, StorageQuotaSqlTest.Settings.class})
@TestPropertySource(properties = {"storage.quota=10MB", "storage.max_upload_size=8MB", "limits.files=2"})
class StorageQuotaSqlTest {

    private static final long MB = 1024 * 1024;
    private static final StorageQuota.FolderCount EMPTY_FOLDER = () -> new StorageQuota.Totals(0, 0);

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({StorageSettings.class, LimitSettings.class})
    static class Settings {}

    @Autowired
    private StorageQuota quota;

    @Autowired
    private JdbcClient jdbc;

    @TempDir
    Path folder;

    @Test
    void shouldLetOnlyOneOfThreeConcurrentUploadsOfSixMegabytesIn() throws Exception {
        long user = user();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> uploads = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < 3; i++) {
                uploads.add(threads.submit(() -> {
                    start.await();
                    try {
                        quota.reserve(user, 6 * MB, null, EMPTY_FOLDER);
                        return true;
                    } catch (QuotaExceededException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int reserved = 0;
            for (Future<Boolean> upload : uploads) {
                reserved += upload.get() ? 1 : 0;
            }
            assertThat(reserved).as("10 MB hold one reservation of 6 MB").isEqualTo(1);
        }
    }

    @Test
    void shouldCountAReplacementByWhatItAddsAndADeletionByWhatItFrees() throws IOException {
        long user = user();
        store(user, 4 * MB, null);
        assertThat(quota.usage(user, EMPTY_FOLDER)).isEqualTo(new StorageQuota.Totals(4 * MB, 1));

        BasicFileAttributes old = attributesOfSize(4 * MB);
        store(user, 7 * MB, old);
        assertThat(quota.usage(user, EMPTY_FOLDER))
                .as("7 MB replace 4 MB: 7 MB stored, still one file")
                .isEqualTo(new StorageQuota.Totals(7 * MB, 1));

        assertThatThrownBy(() -> quota.reserve(user, 4 * MB, null, EMPTY_FOLDER))
                .as("a new file of 4 MB would make 11 MB")
                .isInstanceOf(QuotaExceededException.class);

        quota.delete(user, EMPTY_FOLDER, () -> 7 * MB);
        assertThat(quota.usage(user, EMPTY_FOLDER)).isEqualTo(new StorageQuota.Totals(0, 0));
    }

    @Test
    void shouldRefuseANewFilePastTheFileLimitButReplaceOne() throws IOException {
        long user = user();
        store(user, MB, null);
        store(user, MB, null);

        assertThatThrownBy(() -> quota.reserve(user, MB, null, EMPTY_FOLDER))
                .isInstanceOf(LimitReachedException.class)
                .hasMessage("limit reached: files (2)");
        store(user, 2 * MB, attributesOfSize(MB));

        assertThat(quota.usage(user, EMPTY_FOLDER)).isEqualTo(new StorageQuota.Totals(3 * MB, 2));
    }

    @Test
    void shouldStopCountingAReservationThatExpiredOrWasReleased() {
        long user = user();
        quota.reserve(user, 6 * MB, null, EMPTY_FOLDER);
        jdbc.sql("update upload_reservations set expires_at = now() - interval '1 second' where user_id = :user")
                .param("user", user)
                .update();

        StorageQuota.Reservation second = quota.reserve(user, 6 * MB, null, EMPTY_FOLDER);
        quota.release(second);

        assertThat(quota.reserve(user, 6 * MB, null, EMPTY_FOLDER).bytes()).isEqualTo(6 * MB);
    }

    @Test
    void shouldReserveWhatIsLeftWhenTheLengthIsUnknown() {
        long user = user();
        quota.reserve(user, 4 * MB, null, EMPTY_FOLDER);

        assertThat(quota.reserve(user, -1, null, EMPTY_FOLDER).bytes())
                .as("the upload limit is 8 MB, but only 6 MB are left")
                .isEqualTo(6 * MB);
    }

    /** An upload of {@code size} bytes, replacing a file with these attributes (null: a new file), stored. */
    private void store(long user, long size, BasicFileAttributes replaced) {
        StorageQuota.Reservation reservation = quota.reserve(user, size, replaced, EMPTY_FOLDER);
        quota.settle(reservation, size, () -> replaced, () -> {});
    }

    private BasicFileAttributes attributesOfSize(long size) throws IOException {
        Path file = folder.resolve(UUID.randomUUID().toString());
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(size);
        }
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    private long user() {
        return jdbc.sql("insert into users (username, password_hash) values (:name, 'x') returning id")
                .param("name", "user-" + UUID.randomUUID())
                .query(Long.class)
                .single();
    }
}
