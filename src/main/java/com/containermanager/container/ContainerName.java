package com.containermanager.container;

import java.util.regex.Pattern;

/**
 * A container's name among its owner's containers: lower-case letters, digits, {@code -} and {@code _}, 1 to 63
 * characters, starting with a letter or digit. Never 64 hex digits long, so a path segment is a name or an id, never
 * both. The engine's own name of the container stays ours ({@code cm-<job id>}), unique across users.
 */
public final class ContainerName {

    /** For Bean Validation: a compile-time constant. */
    public static final String REGEX = "[a-z0-9][a-z0-9_-]{0,62}";

    public static final String RULE =
            "name must be 1 to 63 lower-case letters, digits, - or _, starting with a letter or digit";

    private static final Pattern NAME = Pattern.compile(REGEX);

    private ContainerName() {}

    public static boolean isValid(String name) {
        return NAME.matcher(name).matches();
    }
}
