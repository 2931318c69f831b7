package com.containermanager.file;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Each user's quota, accounted in-process: one lock per user serialises the checks of that user's uploads, commits
 * and deletions, so concurrent uploads cannot jointly pass the quota. The stored total is recounted from disk when
 * an upload begins (so it heals after changes made behind our back) and kept current by commits and deletions;
 * bytes of uploads in flight are reserved as they stream. Holds within one process, like the rest of the service.
 * A ReentrantLock rather than synchronized: virtual threads hold it across file system calls without pinning.
 */
final class QuotaLedger {

    private final long quota;
    // One small entry per user who has stored or deleted since start; kept so every caller locks the same one.
    private final ConcurrentMap<Long, Account> accounts = new ConcurrentHashMap<>();

    QuotaLedger(long quota) {
        this.quota = quota;
    }

    /**
     * Opens a reservation for an upload. {@code storedTotal} recounts the user's stored bytes, {@code replaced} is
     * the size of the file the upload would replace, freed for it in advance.
     */
    Reservation begin(long ownerId, IoLongSupplier storedTotal, long replaced) throws IOException {
        Account account = account(ownerId);
        account.lock.lock();
        try {
            account.stored = storedTotal.getAsLong();
        } finally {
            account.lock.unlock();
        }
        return new Reservation(account, replaced);
    }

    /** Runs a deletion under the user's lock; it returns the bytes it freed. */
    void release(long ownerId, IoLongSupplier deletion) throws IOException {
        Account account = account(ownerId);
        account.lock.lock();
        try {
            account.stored -= deletion.getAsLong();
        } finally {
            account.lock.unlock();
        }
    }

    private Account account(long ownerId) {
        return accounts.computeIfAbsent(ownerId, id -> new Account());
    }

    /** A LongSupplier that may do I/O. */
    @FunctionalInterface
    interface IoLongSupplier {
        long getAsLong() throws IOException;
    }

    private static final class Account {
        final ReentrantLock lock = new ReentrantLock();
        long stored;
        long inFlight;
    }

    /** The bytes one upload has streamed so far; closing it without a commit gives them back. */
    final class Reservation implements AutoCloseable {
        private final Account account;
        private final long replaced;
        private long bytes;
        private boolean settled;

        private Reservation(Account account, long replaced) {
            this.account = account;
            this.replaced = replaced;
        }

        /** Reserves n more bytes, or throws {@link QuotaExceededException} when they would pass the quota. */
        void grow(long n) {
            account.lock.lock();
            try {
                if (account.stored + account.inFlight + n - replaced > quota) {
                    throw new QuotaExceededException(quota);
                }
                account.inFlight += n;
                bytes += n;
            } finally {
                account.lock.unlock();
            }
        }

        /** Runs the move that stores the upload, under the user's lock; it returns the size of the file it replaced. */
        void commit(IoLongSupplier move) throws IOException {
            account.lock.lock();
            try {
                long replacedNow = move.getAsLong();
                account.stored += bytes - replacedNow;
                account.inFlight -= bytes;
                settled = true;
            } finally {
                account.lock.unlock();
            }
        }

        @Override
        public void close() {
            if (settled) {
                return;
            }
            account.lock.lock();
            try {
                account.inFlight -= bytes;
                settled = true;
            } finally {
                account.lock.unlock();
            }
        }
    }
}
