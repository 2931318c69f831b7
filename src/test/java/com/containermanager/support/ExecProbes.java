package com.containermanager.support;

import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.OutputKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;

/** Exec, a typed terminal and copy-in through a runtime adapter (the Docker one, or the Swarm one), for its tests. */
public final class ExecProbes {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ExecProbes() {}

    /** What a process wrote, stdout and stderr apart, and its exit code. */
    public record Output(
            String stdout, String stderr, @Nullable Long exitCode) {}

    /** Without a TTY: creates the process, then {@link #run(ContainerRuntime, String)}. */
    public static Output exec(ContainerRuntime runtime, String containerId, List<String> cmd) throws IOException {
        return run(runtime, runtime.execCreate(containerId, new ExecSpec(cmd, List.of(), null, false)));
    }

    /** Starts a created exec without a TTY, reads its output (decoded from the engine's frames) until it ends. */
    public static Output run(ContainerRuntime runtime, String execId) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (ExecAttachment attachment = runtime.execStart(execId, false)) {
            while (attachment.read((stream, data, offset, length) ->
                    (stream == OutputKind.STDOUT ? stdout : stderr).write(data, offset, length))) {
                // until the process ends
            }
        }
        await().atMost(WAIT).until(() -> !runtime.execInspect(execId).running());
        return new Output(
                stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8),
                runtime.execInspect(execId).exitCode());
    }

    /**
     * With a TTY (resized to 100 x 30): types into a shell over the hijacked connection and reads the terminal until
     * it shows {@code until}; answers the screen.
     */
    public static String typed(ContainerRuntime runtime, String containerId, String input, String until)
            throws IOException {
        String exec = runtime.execCreate(containerId, new ExecSpec(List.of("sh"), List.of(), null, true));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (ExecAttachment attachment = runtime.execStart(exec, true)) {
            runtime.execResize(exec, 100, 30);
            attachment.write(input.getBytes(StandardCharsets.UTF_8));
            while (!screen.toString(StandardCharsets.UTF_8).contains(until)
                    && attachment.read((stream, data, offset, length) -> screen.write(data, offset, length))) {
                // until the shell printed the answer
            }
            attachment.write("exit\n".getBytes(StandardCharsets.UTF_8));
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    /** A tar of one file. */
    public static ByteArrayInputStream tar(String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
