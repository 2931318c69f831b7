package com.containermanager.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary files of uploads, {@code .upload-<instance id>-<uuid>}, in the users' folders of a storage that
 * several instances may share. A crash leaves its uploads' files behind; start-up removes only those that are stale
 * for certain: of an instance that no longer exists, or not written to for an hour (no upload stalls that long:
 * its client would be gone). A file of a live instance that is being written is never touched.
 */
final class TemporaryUploads {

    static final String PREFIX = ".upload-";
    static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(TemporaryUploads.class);
    private static final Pattern NAME = Pattern.compile(
            Pattern.quote(PREFIX) + "([0-9a-f]{16})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private TemporaryUploads() {}

    static String newName(String instanceId) {
        return PREFIX + instanceId + "-" + UUID.randomUUID();
    }

    /** The instance that writes this temporary file; empty for names of older versions, which carry none. */
    static Optional<String> instanceOf(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Removes the stale temporary files under {@code base}; {@code alive} says whether an instance still runs. */
    static void removeStale(Path base, Predicate<String> alive, Clock clock) throws IOException {
        Map<String, Boolean> living = new HashMap<>();
        Instant staleBefore = clock.instant().minus(STALE_AFTER);
        try (DirectoryStream<Path> folders =
                Files.newDirectoryStream(base, folder -> Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS))) {
            for (Path folder : folders) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, PREFIX + "*")) {
                    for (Path temp : temps) {
                        Optional<String> instance =
                                instanceOf(temp.getFileName().toString());
                        boolean orphaned = instance.isPresent() && !living.computeIfAbsent(instance.get(), alive::test);
                        if (orphaned || modifiedBefore(temp, staleBefore)) {
                            Files.deleteIfExists(temp);
                            log.info(
                                    "Removed the temporary file of an interrupted upload ({}): {}",
                                    orphaned ? "its instance is gone" : "untouched for an hour",
                                    temp);
                        }
                    }
                } catch (FileSystemException e) {
                    log.warn("Could not clean {}: {}", folder, e.getMessage());
                }
            }
        }
    }

    private static boolean modifiedBefore(Path file, Instant instant) throws IOException {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                    .toInstant()
                    .isBefore(instant);
        } catch (NoSuchFileException e) {
            return false; // its upload finished meanwhile
        }
    }
}
