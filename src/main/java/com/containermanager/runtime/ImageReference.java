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

    /** The reference as the engine names the local image, with the implied tag made explicit. */
    public String canonical() {
        return repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
