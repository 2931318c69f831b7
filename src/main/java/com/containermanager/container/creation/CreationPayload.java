package com.containermanager.container.creation;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A container_creation job's payload as stored with the job. {@code name} is null only in jobs of a release before
 * names; the handler names their container after the job.
 */
record CreationPayload(
        String image,
        List<String> cmd,
        List<String> env,
        List<String> files,
        @Nullable String name) {

    /** The previous release wrote no "files" when there were none (the API leaves empty values out). */
    CreationPayload(
            String image, List<String> cmd, List<String> env, @Nullable List<String> files, @Nullable String name) {
        this.image = image;
        this.cmd = cmd;
        this.env = env;
        this.files = files == null ? List.of() : files;
        this.name = name;
    }
}
