package com.containermanager.web;

/** The one rule for ?limit= on paged lists, as constants for the Bean Validation annotations that apply it. */
public final class PageLimit {

    public static final int MAX = 200;
    public static final String MESSAGE = "limit must be between 1 and " + MAX;

    private PageLimit() {}
}
