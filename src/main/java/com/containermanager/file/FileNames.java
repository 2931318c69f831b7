package com.containermanager.file;

import java.nio.charset.StandardCharsets;

/**
 * The name rules of the contract. A stored name is one path segment that can never mean anything but a plain file
 * of the user's folder: no separators, not "." or "..", no leading dot (which also keeps our temporary files out of
 * the users' name space), no control characters, at most 255 bytes (what Linux file systems allow).
 */
final class FileNames {

    static final int MAX_BYTES = 255;

    private FileNames() {}

    /**
     * Characters the security firewall refuses in a URL path (";" starts path parameters; an encoded "%" is a classic
     * double-decoding trick). Every stored name must be addressable by GET and DELETE, so uploads refuse them. Names
     * read back (listing, containers) still accept them, so files stored by earlier releases stay visible.
     */
    private static final String NOT_ADDRESSABLE = ";%";

    /** The name an upload is stored under: the last segment of the client's name, with "\" read as "/". */
    static String fromUpload(String clientName) {
        String normalised = clientName == null ? "" : clientName.replace('\\', '/');
        String name = check(normalised.substring(normalised.lastIndexOf('/') + 1));
        for (char refused : NOT_ADDRESSABLE.toCharArray()) {
            if (name.indexOf(refused) >= 0) {
                throw new InvalidFileNameException("file name must not contain '" + refused + "'");
            }
        }
        return name;
    }

    /** The name itself if it may be stored; a {@link InvalidFileNameException} saying why not otherwise. */
    static String check(String name) {
        String problem = problemWith(name);
        if (problem != null) {
            throw new InvalidFileNameException(problem);
        }
        return name;
    }

    static boolean isValid(String name) {
        return problemWith(name) == null;
    }

    private static String problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return "file name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "file name must not be . or ..";
        }
        if (name.startsWith(".")) {
            return "file name must not start with a dot";
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "file name must not contain control characters";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "file name must not contain / or \\";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "file name is longer than " + MAX_BYTES + " bytes";
        }
        return null;
    }
}
