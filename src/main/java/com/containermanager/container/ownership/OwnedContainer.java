package com.containermanager.container.ownership;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An ownership row: which user owns a container, its name among the owner's containers, the command and environment it was created with, and the engine it
 * lives on (null for rows older than engine identity that no instance has adopted yet).
 */
public record OwnedContainer(
        String id,
        long ownerId,
        String name,
        @Nullable String profile,
        String image,
        List<String> cmd,
        List<String> env,
        Instant createdAt,
        @Nullable String engineId) {

    /** Whether this engine may say that the container is gone. */
    public boolean livesOn(String engine) {
        return engine.equals(engineId);
    }
}
