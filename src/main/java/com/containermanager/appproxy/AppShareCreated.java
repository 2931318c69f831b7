package com.containermanager.appproxy;

import java.time.Instant;
import java.util.UUID;

/** A share link to a container's port was made by its owner. */
public record AppShareCreated(long ownerId, String containerId, int port, UUID shareId, Instant expiresAt) {}
