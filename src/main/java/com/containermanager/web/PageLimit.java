package com.containermanager.web;

/** The one rule for ?limit= on paginated lists. */
public final class PageLimit {

    public static final int MAX = 200;

    private PageLimit() {}

    public static int checked(int limit) {
        if (limit < 1 || limit > MAX) {
            throw new BadRequestException("limit must be between 1 and " + MAX);
        }
        return limit;
    }
}
