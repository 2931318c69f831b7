package com.containermanager.container.creation;

import com.containermanager.file.OpenedFile;
import com.containermanager.file.UserFiles;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.DockerSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.stereotype.Component;

/**
 * Copies a user's files into a container under /files/, through the engine's archive API. The engine extracts only
 * into an existing directory and /files may not exist in the image, so the tar holds the "files/" directory itself
 * and goes to "/". With a read-only root file system (containers.read_only) the engine refuses to extract into "/",
 * but /files is then a volume of its own (see the adapter's host configuration), so the files go straight there.
 * Copying again extracts the same entries over the same paths, so a retried job ends the same.
 */
@Component
class ContainerFileCopier {

    static final String DIRECTORY = "files";
    private static final int PIPE_BUFFER = 64 * 1024;

    private final UserFiles files;
    private final ContainerRuntime runtime;
    private final boolean readOnlyRoot;

    ContainerFileCopier(UserFiles files, ContainerRuntime runtime, DockerSettings settings) {
        this.files = files;
        this.runtime = runtime;
        this.readOnlyRoot = settings.readOnly();
    }

    /**
     * Opens every file first, so a missing one ({@link com.containermanager.file.StoredFileNotFoundException}) is
     * found before anything reaches the engine; an open file keeps its content whatever happens to its name.
     */
    void copy(String containerId, long ownerId, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<OpenedFile> opened = new ArrayList<>(names.size());
        try {
            for (String name : names) {
                opened.add(files.open(ownerId, name));
            }
            stream(containerId, opened);
        } finally {
            for (OpenedFile file : opened) {
                try {
                    file.close();
                } catch (IOException e) {
                    // Read-only; nothing is lost.
                }
            }
        }
    }

    /** The tar is written by a second thread into a pipe the engine call reads, so it is never held in memory. */
    private void stream(String containerId, List<OpenedFile> opened) {
        try (PipedInputStream tar = new PipedInputStream(PIPE_BUFFER)) {
            // Connected before either side runs: a reader that comes first must wait for data, not fail.
            OutputStream sink = new PipedOutputStream(tar);
            FutureTask<Void> writing = new FutureTask<>(() -> {
                try (sink) {
                    writeTar(sink, opened, readOnlyRoot ? "" : DIRECTORY + "/");
                }
                return null;
            });
            Thread.ofVirtual().name("tar-" + containerId.substring(0, 12)).start(writing);
            try {
                runtime.copyIn(containerId, readOnlyRoot ? ContainerRuntime.FILES_DIRECTORY : "/", tar);
            } finally {
                // Unblocks the writer if the engine stopped reading early.
                tar.close();
            }
            // The engine took the tar; make sure it was the whole of it.
            writing.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("could not stream the files", e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying files", e);
        }
    }

    /** Entries under prefix ("files/", with the directory itself) or, with an empty prefix, the files alone. */
    private static void writeTar(OutputStream sink, List<OpenedFile> opened, String prefix) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name())) {
            // Names of up to 255 bytes, in any script, and sizes beyond 8 GiB: PAX headers, which the engine reads.
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            if (!prefix.isEmpty()) {
                tar.putArchiveEntry(new TarArchiveEntry(prefix));
                tar.closeArchiveEntry();
            }
            for (OpenedFile file : opened) {
                TarArchiveEntry entry = new TarArchiveEntry(prefix + file.name());
                entry.setSize(file.size());
                entry.setModTime(Date.from(file.modifiedAt()));
                tar.putArchiveEntry(entry);
                file.content().transferTo(tar);
                tar.closeArchiveEntry();
            }
        }
    }
}
