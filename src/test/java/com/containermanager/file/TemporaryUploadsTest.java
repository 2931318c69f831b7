package com.containermanager.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up removes stale temporary uploads in a shared storage, never one that a live instance is writing. */
class TemporaryUploadsTest {

    private static final String LIVE = "4000000000000001";
    private static final String GONE = "4000000000000002";
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path base;

    @Test
    void shouldRemoveOnlyTheFilesOfGoneInstancesOrUntouchedForAnHour() throws IOException {
        Path folder = Files.createDirectories(base.resolve("42"));
        Path beingWritten = file(folder, TemporaryUploads.newName(LIVE), Duration.ofMinutes(5));
        Path ofGoneInstance = file(folder, TemporaryUploads.newName(GONE), Duration.ofMinutes(5));
        Path stalled = file(folder, TemporaryUploads.newName(LIVE), Duration.ofMinutes(61));
        Path olderVersionFresh = file(folder, ".upload-" + java.util.UUID.randomUUID(), Duration.ofMinutes(5));
        Path olderVersionStale = file(folder, ".upload-" + java.util.UUID.randomUUID(), Duration.ofHours(3));
        Path userFile = file(folder, "report.pdf", Duration.ofDays(30));

        TemporaryUploads.removeStale(base, Set.of(LIVE)::contains, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(beingWritten).as("a live instance's upload in progress").exists();
        assertThat(olderVersionFresh).as("no instance named: only age decides").exists();
        assertThat(userFile).exists();
        assertThat(ofGoneInstance).doesNotExist();
        assertThat(stalled).doesNotExist();
        assertThat(olderVersionStale).doesNotExist();
    }

    @Test
    void shouldReadTheInstanceFromTheName() {
        assertThat(TemporaryUploads.instanceOf(TemporaryUploads.newName(LIVE))).contains(LIVE);
        assertThat(TemporaryUploads.instanceOf(".upload-" + java.util.UUID.randomUUID()))
                .isEmpty();
        assertThat(TemporaryUploads.instanceOf("upload-" + LIVE)).isEmpty();
    }

    private static Path file(Path folder, String name, Duration age) throws IOException {
        Path file = Files.writeString(folder.resolve(name), "partial");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }
}
