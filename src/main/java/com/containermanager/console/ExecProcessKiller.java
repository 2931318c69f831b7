package com.containermanager.console;

import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ExecSpec;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends exec processes. The engine has no call for it, and closing the attached connection leaves the process
 * running, so every process we start carries a tag in its environment (inherited by its children), and ending it
 * means a second, short exec that kills every process whose environment holds that tag. It needs a shell with
 * grep and kill in the image (busybox or any distribution has them); without one, the process is left to run.
 */
@Component
class ExecProcessKiller {

    static final String TAG_VARIABLE = "CM_PROCESS";
    private static final Pattern SAFE_TAG = Pattern.compile("[0-9a-f-]{36}");
    private static final Logger log = LoggerFactory.getLogger(ExecProcessKiller.class);

    private final ContainerRuntime runtime;

    ExecProcessKiller(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    static String newTag() {
        return UUID.randomUUID().toString();
    }

    static String variable(String tag) {
        return TAG_VARIABLE + "=" + tag;
    }

    /** Kills the tagged process and its descendants; quietly does nothing when the container is gone or stopped. */
    void kill(String containerId, String tag) {
        if (!SAFE_TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("not a tag");
        }
        String script = "for p in /proc/[0-9]*; do grep -q '" + variable(tag) + "' \"$p/environ\" 2>/dev/null"
                + " && kill -9 \"${p#/proc/}\" 2>/dev/null; done; true";
        try {
            String execId =
                    runtime.execCreate(containerId, new ExecSpec(List.of("sh", "-c", script), List.of(), null, false));
            try (ExecAttachment killer = runtime.execStart(execId, false)) {
                while (killer.read((stream, data, offset, length) -> {})) {
                    // drain until the killer exits
                }
            }
        } catch (EngineException | IOException e) {
            log.debug("Could not end a process in a container: {}", e.getMessage());
        }
    }
}
