package com.containermanager.appproxy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The host name of an app: one DNS label under {@code proxy.domain},
 * {@code {port}-{container name}-{username}-{first 12 hex digits of the container's id}}, such as
 * {@code 8000-web-alice-3f2a9c1d4e5b.localhost}. Names and usernames may hold characters a label may not ({@code _},
 * {@code .}, capitals) and {@code -}, so the words between the port and the id are only for people: they are
 * folded into {@code [a-z0-9-]} and cut so the label stays within 63 characters. What identifies the app is the
 * port (the first digits) and the id prefix (the last 12 hex digits), both of fixed shape, so a label is read back
 * unambiguously whatever the words hold. A host is served only when it is exactly the label this rule makes for the
 * container it names, and only when exactly one container has that id prefix: two users' apps can never share a
 * host, and an id prefix shared by two containers (1 in 2^48 per pair) opens neither.
 */
final class AppHosts {

    static final int MAX_LABEL = 63;
    static final int ID_DIGITS = 12;
    private static final Pattern LABEL = Pattern.compile("([1-9][0-9]{0,4})-(?:[a-z0-9-]*-)?([0-9a-f]{12})");
    private static final Pattern NOT_LABEL = Pattern.compile("[^a-z0-9]+");

    /** What a host names: the port and the id prefix of the container. */
    record Named(int port, String idPrefix) {}

    private final String suffix;

    AppHosts(String domain) {
        this.suffix = "." + domain.toLowerCase(Locale.ROOT);
    }

    /** The app's host (without the port of the service). */
    String host(int port, String containerId, String containerName, String username) {
        return label(port, containerId, containerName, username) + suffix;
    }

    static String label(int port, String containerId, String containerName, String username) {
        String head = port + "-";
        String tail = "-" + containerId.substring(0, ID_DIGITS);
        String words = fold(containerName) + "-" + fold(username);
        int room = MAX_LABEL - head.length() - tail.length();
        if (words.length() > room) {
            words = words.substring(0, room);
        }
        words = words.replaceAll("^-+|-+$", "");
        return words.isEmpty() ? port + tail : head + words + tail;
    }

    /** Lower case, every run of characters outside [a-z0-9] as one '-', none at either end. */
    static String fold(String text) {
        return NOT_LABEL.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^-+|-+$", "");
    }

    /** Whether the host is under the apps' domain (then it is an app's host, or nobody's: never the API's). */
    boolean isAppHost(String host) {
        // A trailing dot names the same host in DNS: such a host is the apps' (and then nobody's), never the API's.
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(suffix) || lower.endsWith(suffix + ".");
    }

    /** The port and id prefix an app host names; null for anything else. */
    @Nullable
    Named parse(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(suffix)) {
            return null;
        }
        String label = lower.substring(0, lower.length() - suffix.length());
        Matcher matcher = LABEL.matcher(label);
        if (label.length() > MAX_LABEL || !matcher.matches()) {
            return null;
        }
        int port = Integer.parseInt(matcher.group(1));
        return port > 65535 ? null : new Named(port, matcher.group(2));
    }
}
