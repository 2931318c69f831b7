package com.containermanager.runtime;

import java.util.UUID;

/**
 * A volume of one user's own, in the service's words: whose it is, its id (the service's, never reused) and the
 * size its file system may hold. The adapter names and labels it (owner, installation, the operator's labels) and
 * gives it a hard size limit where the engine's host can (see {@code docs/operations.md}, "Volumes").
 */
public record VolumeSpec(long ownerId, UUID id, long sizeBytes) {}
