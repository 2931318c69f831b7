package com.containermanager.group;

import java.time.Instant;

/** A member of a group: who, and whether an admin added them or their identity provider's group claim did. */
public record Membership(long groupId, String groupName, long userId, Source source, Instant addedAt) {

    public enum Source {
        ADMIN,
        PROVIDER;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
