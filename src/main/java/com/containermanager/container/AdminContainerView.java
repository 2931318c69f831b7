package com.containermanager.container;

import java.time.Instant;
import java.util.List;

/** A container of any user, as an admin sees it: the owner's id, and its state in the engine ("missing": gone). */
public record AdminContainerView(
        String id, long ownerId, String image, List<String> cmd, String status, Instant createdAt) {}
