package com.containermanager.container;

import java.util.List;

/**
 * A container_creation job's payload as stored with the job. {@code files} is absent (null) when none were asked
 * for, and in payloads stored before files existed.
 */
record CreationPayload(String image, List<String> cmd, List<String> env, List<String> files) {

    List<String> filesOrNone() {
        return files == null ? List.of() : files;
    }
}
