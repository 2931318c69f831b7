package com.containermanager.runtime;

import org.jspecify.annotations.Nullable;

/**
 * The network a container joins at create ({@link ContainerRuntime#ensureNetwork}'s answer) and the name it is
 * known by there (null: none): the user's container name, which the user's other containers there resolve.
 */
public record NetworkAttachment(String network, @Nullable String alias) {}
