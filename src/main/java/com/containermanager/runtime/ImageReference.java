package com.containermanager.runtime;

import java.util.regex.Pattern;

/**
 * An image reference split the way the pull API wants it. Pulling "alpine" without a tag would fetch every tag of
 * the repository, so a missing tag means "latest", as the docker CLI does.
 */
public record ImageReference(String repository, String tag, String digest) {

    // The grammar of distribution/reference, reduced to what a pull needs: [host[:port]/]path[:tag][@digest].
    private static final Pattern VALID = Pattern.compile("^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

    public static boolean isValid(String reference) {
        return reference != null
                && reference.length() <= 255
                && VALID.matcher(reference).matches();
    }

    public static ImageReference parse(String reference) {
        if (!isValid(reference)) {
            throw new IllegalArgumentException("invalid image reference");
        }
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(rest, tag, digest);
    }

    /** Docker Hub's name: what a reference without a registry, or with one of Hub's own aliases, pulls from. */
    public static final String DOCKER_HUB = "docker.io";

    /**
     * The registry the image comes from, as the engine decides it: the first component when it has a "." or a ":"
     * or is "localhost", else Docker Hub. Lower case, with its port if it has one.
     */
    public String registry() {
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = repository.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        return host ? normaliseRegistry(first.toLowerCase(java.util.Locale.ROOT)) : DOCKER_HUB;
    }

    /** Docker Hub has several names; they are one registry. */
    static String normaliseRegistry(String host) {
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> host;
        };
    }

    /** The reference as the engine names the local image, with the implied tag made explicit. */
    public String canonical() {
        return repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
