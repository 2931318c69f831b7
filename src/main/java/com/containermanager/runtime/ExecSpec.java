package com.containermanager.runtime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A process to run inside a running container; with {@code tty} it gets a terminal and an open stdin. */
public record ExecSpec(
        List<String> cmd, List<String> env, @Nullable String workdir, boolean tty) {

    public ExecSpec {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
    }
}
