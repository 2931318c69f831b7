package com.containermanager.file;

import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.UserLock;
import com.containermanager.platform.RelaxedCommits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each user's storage quota and file limit, kept in PostgreSQL so that they hold across instances. An upload
 * reserves its bytes before it streams: its declared length, or when the length is unknown the most it may grow to
 * (the upload limit, or what is left of the quota). The reservations of every instance count against the quota, so
 * concurrent uploads cannot jointly pass it. When the upload has streamed, it is settled: under the user's lock the
 * real size is checked once more, the file is renamed into place and the running total updated in one transaction.
 * A reservation is renewed while its upload streams; an upload that died with its instance stops counting when its
 * reservation expires ({@link #LEASE}).
 * <p>
 * The rename happens inside the transaction, so a crash between the rename and the commit leaves one file that the
 * total does not count. A user's total is counted from the folder only when the user has no row yet.
 */
@Component
class StorageQuota {

    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration RENEW_EVERY = LEASE.dividedBy(4);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RelaxedCommits relaxed;
    private final UserLock userLock;
    private final long quota;
    private final long maxUploadBytes;
    private final LimitSettings limits;

    StorageQuota(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            RelaxedCommits relaxed,
            UserLock userLock,
            StorageSettings storage,
            LimitSettings limits) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.relaxed = relaxed;
        this.userLock = userLock;
        this.quota = storage.quota().toBytes();
        this.maxUploadBytes = storage.maxUploadSize().toBytes();
        this.limits = limits;
    }

    /** A user's stored bytes and files. */
    record Totals(long bytes, long files) {}

    /** Counts a user's folder; only for a user the table does not know yet. */
    @FunctionalInterface
    interface FolderCount {
        Totals count() throws IOException;
    }

    /** The file an upload would replace, as it is now: its attributes, or null. */
    @FunctionalInterface
    interface Target {
        @Nullable
        BasicFileAttributes current() throws IOException;
    }

    /** The deletion of a file; it returns the size it freed. */
    @FunctionalInterface
    interface Deletion {
        long run() throws IOException;
    }

    /** File system work that may fail. */
    @FunctionalInterface
    interface FileWork {
        void run() throws IOException;
    }

    /**
     * Reserves room for an upload of {@code declared} bytes at most (negative: unknown) that would replace
     * {@code existing} (null: a new file). 413 when the declared size does not fit, or nothing fits; 403 when a new
     * file would pass the file limit.
     */
    Reservation reserve(long ownerId, long declared, @Nullable BasicFileAttributes existing, FolderCount folder) {
        return relaxed.run(() -> {
            userLock.lock(ownerId);
            Totals stored = totals(ownerId, folder);
            Totals reserved = jdbc.sql("select coalesce(sum(bytes), 0) as bytes, count(*) filter (where new_file) "
                            + "as files from upload_reservations where user_id = :user and expires_at > now()")
                    .param("user", ownerId)
                    .query((rs, n) -> new Totals(rs.getLong("bytes"), rs.getLong("files")))
                    .single();
            boolean newFile = existing == null;
            if (newFile && LimitSettings.reached(limits.files(), stored.files() + reserved.files())) {
                throw new LimitReachedException(LimitSettings.FILES, limits.files());
            }
            // A replacement needs room only for what it adds: the old file's bytes go when it is stored.
            long available = quota - stored.bytes() - reserved.bytes() + (newFile ? 0 : existing.size());
            long bytes = declared >= 0 ? declared : Math.min(maxUploadBytes, available);
            if (bytes > available || available <= 0) {
                throw new QuotaExceededException(quota);
            }
            UUID id = UUID.randomUUID();
            jdbc.sql("insert into upload_reservations (id, user_id, bytes, new_file, expires_at) "
                            + "values (:id, :user, :bytes, :newFile, now() + cast(:lease as interval))")
                    .param("id", id)
                    .param("user", ownerId)
                    .param("bytes", bytes)
                    .param("newFile", newFile)
                    .param("lease", LEASE.toSeconds() + " seconds")
                    .update();
            return new Reservation(id, ownerId, bytes);
        });
    }

    /** Keeps a streaming upload's reservation from expiring. */
    void renew(Reservation reservation) {
        relaxed.run(() -> jdbc.sql(
                        "update upload_reservations set expires_at = now() + cast(:lease as interval) where id = :id")
                .param("lease", LEASE.toSeconds() + " seconds")
                .param("id", reservation.id)
                .update());
    }

    /**
     * Stores the upload: under the user's lock, checks its real size against the quota and a new file against the
     * file limit once more, renames it into place, and updates the running total; the reservation goes in the same
     * transaction. Refused, nothing is renamed and the reservation stays for {@link #release}.
     */
    void settle(Reservation reservation, long size, Target target, FileWork rename) {
        long ownerId = reservation.ownerId;
        transactions.executeWithoutResult(status -> {
            userLock.lock(ownerId);
            Totals stored = totals(ownerId, () -> {
                throw new IllegalStateException("no usage row for a user with a reservation");
            });
            try {
                BasicFileAttributes replaced = target.current();
                long bytes = stored.bytes() + size - (replaced == null ? 0 : replaced.size());
                if (bytes > quota) {
                    throw new QuotaExceededException(quota);
                }
                if (replaced == null && LimitSettings.reached(limits.files(), stored.files())) {
                    throw new LimitReachedException(LimitSettings.FILES, limits.files());
                }
                rename.run();
                store(ownerId, new Totals(bytes, stored.files() + (replaced == null ? 1 : 0)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            deleteReservation(reservation);
        });
        reservation.settled = true;
    }

    /** Gives back a reservation whose upload was not stored; nothing to do for one that was. */
    void release(Reservation reservation) {
        if (!reservation.settled) {
            relaxed.run(() -> deleteReservation(reservation));
            reservation.settled = true;
        }
    }

    /** Runs a deletion under the user's lock and takes what it freed off the user's total. */
    void delete(long ownerId, FolderCount folder, Deletion deletion) {
        transactions.executeWithoutResult(status -> {
            userLock.lock(ownerId);
            Totals stored = totals(ownerId, folder);
            try {
                long freed = deletion.run();
                store(ownerId, new Totals(Math.max(0, stored.bytes() - freed), Math.max(0, stored.files() - 1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The user's running total; counted from the folder, once, for a user without one. Under the user's lock. */
    private Totals totals(long ownerId, FolderCount folder) {
        var known = jdbc.sql("select stored_bytes, file_count from file_usage where user_id = :user")
                .param("user", ownerId)
                .query((rs, n) -> new Totals(rs.getLong("stored_bytes"), rs.getLong("file_count")))
                .optional();
        if (known.isPresent()) {
            return known.get();
        }
        Totals counted;
        try {
            counted = folder.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.sql("insert into file_usage (user_id, stored_bytes, file_count) values (:user, :bytes, :files)")
                .param("user", ownerId)
                .param("bytes", counted.bytes())
                .param("files", counted.files())
                .update();
        return counted;
    }

    private void store(long ownerId, Totals totals) {
        jdbc.sql("update file_usage set stored_bytes = :bytes, file_count = :files where user_id = :user")
                .param("bytes", totals.bytes())
                .param("files", totals.files())
                .param("user", ownerId)
                .update();
    }

    private int deleteReservation(Reservation reservation) {
        return jdbc.sql("delete from upload_reservations where id = :id")
                .param("id", reservation.id)
                .update();
    }

    /** The user's usage for /users/me: counted from the folder if this is the first time. */
    Totals usage(long ownerId, FolderCount folder) {
        return relaxed.run(() -> {
            userLock.lock(ownerId);
            return totals(ownerId, folder);
        });
    }

    /** Room an upload holds while it streams; released unless it was settled. */
    static final class Reservation {
        private final UUID id;
        private final long ownerId;
        private final long bytes;
        private boolean settled;

        private Reservation(UUID id, long ownerId, long bytes) {
            this.id = id;
            this.ownerId = ownerId;
            this.bytes = bytes;
        }

        /** The most the upload may store. */
        long bytes() {
            return bytes;
        }
    }
}
