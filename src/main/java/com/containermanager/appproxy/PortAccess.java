package com.containermanager.appproxy;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Who may open a port of a container: its owner (the default), any signed-in user, or anyone (if allowed). */
public enum PortAccess {
    OWNER,
    USERS,
    PUBLIC;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static @Nullable PortAccess parse(@Nullable String value) {
        if (value == null) {
            return null;
        }
        for (PortAccess access : values()) {
            if (access.value().equals(value)) {
                return access;
            }
        }
        return null;
    }

    /** Whether a signed-in user who is not the owner may open it. */
    boolean opensToOtherUsers() {
        return this != OWNER;
    }
}
