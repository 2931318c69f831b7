package com.containermanager.runtime;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An image reference split the way the pull API wants it. Pulling "alpine" without a tag would fetch every tag of
 * the repository, so a missing tag means "latest", as the docker CLI does.
 */
public record ImageReference(String repository, String tag, String digest) {

    // The grammar of distribution/reference, reduced to what a pull needs: [host[:port]/]path[:tag][@digest].
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern VALID = Pattern.compile("^(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT
            + ")*(?::[0-9]+)?/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");
    /** Docker refuses a name that could be taken for an image ID. */
    private static final Pattern IMAGE_ID = Pattern.compile("^[a-f0-9]{64}$");

    public static boolean isValid(String reference) {
        return problem(reference) == null;
    }

    /**
     * Why Docker would refuse this reference, in words for the user, or null when it takes it. As Docker splits it
     * (see {@link #registry()}), the first component of "INTRANET/app" is a registry host (the host intranet, which
     * the allowlist then judges), while in "Alpine" or "team/App" the repository name is not lower case, which
     * Docker refuses.
     */
    public static @Nullable String problem(@Nullable String reference) {
        if (reference == null || reference.isEmpty() || reference.length() > 255) {
            return "invalid image reference";
        }
        if (IMAGE_ID.matcher(reference).matches()) {
            return "invalid image reference: a 64-character hexadecimal name is an image ID";
        }
        if (VALID.matcher(reference).matches()) {
            return null;
        }
        return VALID.matcher(reference.toLowerCase(Locale.ROOT)).matches()
                ? "invalid image reference: the repository name must be lower case"
                : "invalid image reference";
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
     * The registry the image comes from, as the engine decides it: the first component when Docker takes it for a
     * host (see isRegistryHost), else Docker Hub. Lower case, with its port if it has one.
     */
    public String registry() {
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = repository.substring(0, slash);
        return isRegistryHost(first) ? normaliseRegistry(first.toLowerCase(Locale.ROOT)) : DOCKER_HUB;
    }

    /**
     * Docker's rule for the first of several components: a registry host when it has a "." or a ":", is
     * "localhost", or has an upper-case letter (a Docker Hub path never has one). Host names are compared in lower
     * case, so "LOCALHOST/x" is localhost's and "INTRANET/x" the host intranet's, never Docker Hub's.
     */
    private static boolean isRegistryHost(String first) {
        return first.contains(".")
                || first.contains(":")
                || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT));
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
