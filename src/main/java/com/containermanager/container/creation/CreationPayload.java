package com.containermanager.container.creation;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A container_creation job's payload as stored with the job. */
record CreationPayload(String image, List<String> cmd, List<String> env, List<String> files) {

    /** The previous release wrote no "files" when there were none (the API leaves empty values out). */
    CreationPayload(String image, List<String> cmd, List<String> env, @Nullable List<String> files) {
        this.image = image;
        this.cmd = cmd;
        this.env = env;
        this.files = files == null ? List.of() : files;
    }
}
