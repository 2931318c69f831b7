package com.containermanager.file;

import com.containermanager.cluster.ClusterSession;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import com.containermanager.web.Page;
import com.containermanager.web.PageCursor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Each user's own files, in {@code basePath/<user id>/<name>}. The module's API for others is {@link #exists} and
 * {@link #open}; the rest serves the files endpoints.
 * <p>
 * Nothing can land outside the user's folder: names are single segments ({@link FileNames}), the folder must be a
 * real directory right under the base (a symbolic link in its place is refused), every file is checked and opened
 * without following links, and an upload reaches its name only by renaming a fresh file over it, which replaces a
 * planted link instead of writing through it.
 */
@Service
public class UserFiles implements UsageSource {

    private static final String CURSOR = "files";

    private static final Logger log = LoggerFactory.getLogger(UserFiles.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    /** How often a streaming upload checks the free-space floor again. */
    private static final long FLOOR_CHECK_BYTES = 8L * 1024 * 1024;

    private final Path base;
    private final long maxUploadBytes;
    private final StorageQuota quota;
    private final FreeSpaceFloor floor;
    private final LimitSettings limits;
    private final StorageSettings settings;
    private final Clock clock;
    private final ClusterSession cluster;

    /**
     * Temporary files ({@link TemporaryUploads}) start with a dot: no valid name can collide with them, and listings
     * skip them. Start-up removes the stale ones.
     */
    UserFiles(StorageSettings settings, StorageQuota quota, LimitSettings limits, Clock clock, ClusterSession cluster)
            throws IOException {
        Files.createDirectories(settings.basePath());
        this.base = settings.basePath().toRealPath();
        this.maxUploadBytes = settings.maxUploadSize().toBytes();
        this.quota = quota;
        this.floor = new FreeSpaceFloor(base, settings);
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
        this.cluster = cluster;
        TemporaryUploads.removeStale(base, cluster::isAlive, clock);
    }

    /** Whether the user has a file of this name; false for any name that could not be stored. */
    public boolean exists(long ownerId, String name) {
        if (!FileNames.isValid(name)) {
            return false;
        }
        Path folder = existingFolder(ownerId);
        return folder != null && regularFile(folder.resolve(name)) != null;
    }

    /** Opens one of the user's files; {@link StoredFileNotFoundException} when there is none of that name. */
    public OpenedFile open(long ownerId, String name) {
        Path file = locate(ownerId, name);
        BasicFileAttributes attributes = regularFile(file);
        if (attributes == null) {
            throw new StoredFileNotFoundException(name);
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                return new OpenedFile(
                        name,
                        channel.size(),
                        attributes.lastModifiedTime().toInstant(),
                        Channels.newInputStream(channel));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new StoredFileNotFoundException(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams an upload to a temporary file of the user's folder, forces it to disk and renames it over the name, so
     * readers see the old file or the new one, never a part. Room is reserved in the quota before a byte is written
     * ({@code declaredSize}: at most this many bytes, negative when unknown); the upload limit, the reservation and
     * the free-space floor are checked as it streams; any failure (limit, quota, floor, client gone) removes the
     * temporary file and gives the reservation back.
     */
    FileResponse store(long ownerId, String clientName, InputStream content, long declaredSize) {
        String name = FileNames.fromUpload(clientName);
        try {
            floor.require();
            Path folder = folder(ownerId);
            Path target = inside(folder, name);
            Path temp = folder.resolve(TemporaryUploads.newName(cluster.instanceId()));
            StorageQuota.Reservation reservation =
                    quota.reserve(ownerId, declaredSize, regularFile(target), () -> storedTotals(folder));
            try {
                long size = writeFully(content, temp, reservation);
                quota.settle(
                        reservation,
                        size,
                        () -> regularFile(target),
                        () -> Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE));
                forceDirectory(folder);
                return new FileResponse(
                        name,
                        size,
                        Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS)
                                .toInstant());
            } finally {
                Files.deleteIfExists(temp);
                quota.release(reservation);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A page of the user's files, by name, after the cursor's name. Temporary files, links and anything else that is
     * not a plain file are left out. Only the page's names are kept while the folder is read, and only they are read
     * for their size and time.
     */
    Page<FileResponse> list(long ownerId, int limit, @Nullable String cursor) {
        String after =
                cursor == null ? "" : PageCursor.decode(CURSOR, cursor, 1).getFirst();
        Path folder = existingFolder(ownerId);
        if (folder == null) {
            return new Page<>(List.of(), null);
        }
        // The first limit + 1 names after the cursor: a max-heap that drops the last name whenever it grows past that.
        PriorityQueue<String> first = new PriorityQueue<>(Comparator.reverseOrder());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.compareTo(after) > 0 && FileNames.isValid(name)) {
                    first.add(name);
                    if (first.size() > limit + 1) {
                        first.poll();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> sorted = new ArrayList<>(first);
        sorted.sort(Comparator.naturalOrder());
        Page<String> names = Page.of(sorted, limit, name -> PageCursor.encode(CURSOR, name));
        List<FileResponse> files = new ArrayList<>(limit);
        for (String name : names.items()) {
            BasicFileAttributes attributes = regularFile(folder.resolve(name));
            if (attributes != null) {
                files.add(new FileResponse(
                        name, attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        }
        return new Page<>(files, names.nextCursor());
    }

    @Override
    public Map<String, Usage> usageOf(long userId) {
        StorageQuota.Totals totals = quota.usage(userId, () -> {
            Path folder = existingFolder(userId);
            return folder == null ? new StorageQuota.Totals(0, 0) : storedTotals(folder);
        });
        StorageQuota.Totals limitsOf = quota.limitsOf(userId);
        return Map.of(
                LimitSettings.FILES, new Usage(totals.files(), limitsOf.files()),
                LimitSettings.STORAGE_BYTES, new Usage(totals.bytes(), limitsOf.bytes()));
    }

    StoredFileResource download(long ownerId, String name) {
        Path file = locate(ownerId, name);
        if (regularFile(file) == null) {
            throw new StoredFileNotFoundException(name);
        }
        return new StoredFileResource(file, name);
    }

    void delete(long ownerId, String name) {
        Path file = locate(ownerId, name);
        quota.delete(ownerId, () -> storedTotals(file.getParent()), () -> {
            BasicFileAttributes attributes = regularFile(file);
            if (attributes == null) {
                throw new StoredFileNotFoundException(name);
            }
            try {
                Files.delete(file);
            } catch (NoSuchFileException e) {
                throw new StoredFileNotFoundException(name);
            }
            return attributes.size();
        });
    }

    private long writeFully(InputStream content, Path temp, StorageQuota.Reservation reservation) throws IOException {
        long size = 0;
        long nextFloorCheck = FLOOR_CHECK_BYTES;
        Instant nextRenewal = clock.instant().plus(StorageQuota.RENEW_EVERY);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = content.read(buffer)) != -1) {
                if (size + n > maxUploadBytes) {
                    throw new UploadTooLargeException(maxUploadBytes);
                }
                if (size + n > reservation.bytes()) {
                    throw new QuotaExceededException(settings.quota().toBytes());
                }
                size += n;
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                if (size >= nextFloorCheck) {
                    floor.require();
                    nextFloorCheck = size + FLOOR_CHECK_BYTES;
                }
                if (clock.instant().isAfter(nextRenewal)) {
                    quota.renew(reservation);
                    nextRenewal = clock.instant().plus(StorageQuota.RENEW_EVERY);
                }
            }
            out.force(true);
        }
        return size;
    }

    /**
     * Removes the user's folder with everything in it (their files, and uploads in flight) and their quota rows;
     * returns how many files it removed. Only for a user whose account is going: nothing may upload meanwhile.
     */
    long removeAll(long userId) {
        Path folder = existingFolder(userId);
        long removed = 0;
        if (folder != null) {
            try (var entries = Files.walk(folder)) {
                List<Path> paths = entries.sorted(Comparator.reverseOrder()).toList();
                for (Path path : paths) {
                    if (!path.equals(folder) && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        removed++;
                    }
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        quota.forget(userId);
        return removed;
    }

    /** The file of that name in the user's folder (which may not exist yet); 400 for a name that may not be stored. */
    private Path locate(long ownerId, String name) {
        FileNames.check(name);
        Path folder = existingFolder(ownerId);
        return folder == null ? base.resolve(Long.toString(ownerId)).resolve(name) : inside(folder, name);
    }

    /** The user's folder, created when missing. */
    private Path folder(long ownerId) throws IOException {
        try {
            Files.createDirectory(base.resolve(Long.toString(ownerId)));
        } catch (FileAlreadyExistsException e) {
            // The usual case; existingFolder checks that it is a real directory.
        }
        Path folder = existingFolder(ownerId);
        if (folder == null) {
            throw new IllegalStateException("storage folder of user " + ownerId + " vanished");
        }
        return folder;
    }

    /**
     * The user's folder if it exists, as a real path. Anything but a real directory right under the base (a link to
     * elsewhere, say) is refused: the service would rather fail than write or read where it should not.
     */
    private Path existingFolder(long ownerId) {
        Path folder = base.resolve(Long.toString(ownerId));
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !real.equals(folder)) {
                throw new IllegalStateException("storage folder of user " + ownerId + " is not a plain directory");
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves a checked name and makes sure, once more, that the result is a direct child of the folder. */
    private static Path inside(Path folder, String name) {
        Path file;
        try {
            file = folder.resolve(name);
        } catch (InvalidPathException e) {
            throw new InvalidFileNameException("file name cannot be stored on this server");
        }
        if (!folder.equals(file.getParent()) || !name.equals(file.getFileName().toString())) {
            throw new InvalidFileNameException("invalid file name");
        }
        return file;
    }

    /** The attributes of a plain file at this path, not following links; null for anything else or nothing. */
    private static BasicFileAttributes regularFile(Path path) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? attributes : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts a folder's files and bytes; only for a user whose running total does not exist yet. */
    private static StorageQuota.Totals storedTotals(Path folder) throws IOException {
        long bytes = 0;
        long files = 0;
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return new StorageQuota.Totals(0, 0);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes =
                        FileNames.isValid(entry.getFileName().toString()) ? regularFile(entry) : null;
                if (attributes != null) {
                    bytes += attributes.size();
                    files++;
                }
            }
        }
        return new StorageQuota.Totals(bytes, files);
    }

    /** Makes the rename itself durable: without it a crash could bring back the old directory entry. */
    private static void forceDirectory(Path folder) {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            log.warn("Could not force the storage folder to disk: {}", e.getMessage());
        }
    }
}
