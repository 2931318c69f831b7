package com.containermanager.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * One of a user's files, opened. Stored files are never written in place (a new version is a new file renamed over
 * the old one), so size and content stay consistent while it is open, whatever happens to the name meanwhile.
 */
public record OpenedFile(String name, long size, Instant modifiedAt, InputStream content) implements Closeable {

    @Override
    public void close() throws IOException {
        content.close();
    }
}
