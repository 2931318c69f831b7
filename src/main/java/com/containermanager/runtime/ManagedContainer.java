package com.containermanager.runtime;

import org.jspecify.annotations.Nullable;

/** A container this service manages as a list call shows it: whose it is, its state, and its exit code if exited. */
public record ManagedContainer(
        String id, long ownerId, String state, @Nullable Long exitCode) {}
