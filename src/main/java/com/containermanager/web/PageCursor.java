package com.containermanager.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Opaque cursors: the position after the last item of a page (its sort key), base64url-encoded with the name of the
 * list it belongs to. Not signed: a cursor only says where to continue in the caller's own list, so a forged one
 * gains nothing; one that does not decode, or belongs to another list, is 400 "invalid cursor".
 */
public final class PageCursor {

    private static final char SEPARATOR = '\n';

    private PageCursor() {}

    public static String encode(String list, String... parts) {
        StringBuilder text = new StringBuilder(list);
        for (String part : parts) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor of this list, exactly {@code count} of them; 400 "invalid cursor" otherwise. */
    public static List<String> decode(String list, String cursor, int count) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        List<String> fields = Arrays.asList(text.split(String.valueOf(SEPARATOR), -1));
        if (fields.size() != count + 1 || !fields.getFirst().equals(list)) {
            throw invalid();
        }
        return fields.subList(1, fields.size());
    }

    public static BadRequestException invalid() {
        return new BadRequestException("invalid cursor");
    }
}
