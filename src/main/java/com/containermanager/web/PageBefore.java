package com.containermanager.web;

import java.time.Instant;

/**
 * The rule for ?before= times on paged lists: RFC 3339 years 0001 to 9999. Java reads far wider instants
 * ("+300000-01-01T00:00:00Z") than PostgreSQL can hold, and one of those must be the client's error, not a 500.
 */
public final class PageBefore {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final String MESSAGE = "before must be a time between the years 0001 and 9999";

    private PageBefore() {}

    /** The time itself when it is in range; a 400 otherwise. */
    public static Instant check(Instant before) {
        if (before.isBefore(EARLIEST) || before.isAfter(LATEST)) {
            throw new BadRequestException(MESSAGE);
        }
        return before;
    }
}
