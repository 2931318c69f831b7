package com.containermanager.web;

/** The one rule for ?limit= on paged lists, as constants for the Bean Validation annotations that apply it. */
public final class PageLimit {

    public static final int MAX = 500;
    /** More than the default container limit, so a default user's whole list still comes in one answer. */
    public static final int DEFAULT = 100;

    public static final String DEFAULT_VALUE = "" + DEFAULT;
    public static final String MAX_VALUE = "" + MAX;
    public static final String MESSAGE = "limit must be between 1 and " + MAX;
    public static final String DESCRIPTION = "At most this many, 1 to " + MAX + " (default " + DEFAULT + ")";
    public static final String NEXT_CURSOR_DESCRIPTION = "The next page's cursor, when more follow";
    public static final String CURSOR_DESCRIPTION =
            "Where the previous page ended: the X-Next-Cursor header of its answer (opaque)";

    private PageLimit() {}
}
