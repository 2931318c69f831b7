package com.containermanager.container;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A container of any user, as an admin sees it: the owner's id, its state in the engine ("missing": gone), and the
 * machine it is on when the runtime has several (a Swarm node's name; null on one engine).
 */
public record AdminContainerView(
        String id,
        long ownerId,
        String image,
        List<String> cmd,
        String status,
        Instant createdAt,
        @Nullable String node) {}
