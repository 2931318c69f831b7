package com.containermanager.admin;

import org.jspecify.annotations.Nullable;

/**
 * An admin did something to a user's account, containers or groups: the audit trail records it under the user it
 * concerns, naming the admin too. action: "admin.user.suspend", "admin.container.stop", ...
 */
public record AdminActed(
        long actorId,
        long userId,
        String action,
        String target,
        @Nullable String detail) {}
