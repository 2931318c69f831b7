package com.containermanager.volume;

import java.time.Instant;
import java.util.UUID;

/** A volume's row: the service's id (its name on the engine), its owner, the owner's name for it, its size. */
public record Volume(UUID id, long ownerId, String name, long sizeBytes, Instant createdAt) {}
