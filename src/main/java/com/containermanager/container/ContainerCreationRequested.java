package com.containermanager.container;

import java.util.UUID;

/** A creation job was accepted. Published inside the transaction that stores the job. */
public record ContainerCreationRequested(long ownerId, UUID jobId, String image) {}
