package com.containermanager.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /**
     * A time part of a cursor: RFC 3339 within the years PostgreSQL holds (see {@link PageBefore}); a forged one past
     * them ("+1000000000-01-01T00:00:00Z" parses in Java) is 400 "invalid cursor", not a 500 from the database.
     */
    public static Instant instant(String part) {
        try {
            Instant time = Instant.parse(part);
            if (time.isBefore(PageBefore.EARLIEST) || time.isAfter(PageBefore.LATEST)) {
                throw invalid();
            }
            return time;
        } catch (DateTimeParseException e) {
            throw invalid();
        }
    }

    public static BadRequestException invalid() {
        return new BadRequestException("invalid cursor");
    }
}
