package com.containermanager.container.ownership;

import java.time.Instant;
import java.util.List;

/** An ownership row: which user owns a container, and the command and environment it was created with. */
public record OwnedContainer(
        String id, long ownerId, String image, List<String> cmd, List<String> env, Instant createdAt) {}
