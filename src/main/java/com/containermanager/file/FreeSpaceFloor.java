package com.containermanager.file;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The free space uploads must leave on the storage file system: the larger of an absolute floor and a share. */
final class FreeSpaceFloor {

    private final FileStore store;
    private final long minBytes;
    private final int minPercent;

    FreeSpaceFloor(Path base, StorageSettings settings) throws IOException {
        this.store = Files.getFileStore(base);
        this.minBytes = settings.minFreeSpace().toBytes();
        this.minPercent = settings.minFreePercent();
    }

    /** 507 "insufficient storage" while the file system has less free space than the floor. */
    void require() throws IOException {
        long floor = Math.max(minBytes, store.getTotalSpace() / 100 * minPercent);
        if (store.getUsableSpace() < floor) {
            throw new InsufficientStorageException();
        }
    }
}
