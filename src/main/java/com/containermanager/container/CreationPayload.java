package com.containermanager.container;

import java.util.List;

/** A container_creation job's payload as stored with the job. */
record CreationPayload(String image, List<String> cmd, List<String> env) {
}
