package com.containermanager.web;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list and, when more items follow, the cursor of the next page. Read paths fetch one item more than
 * the page holds to know whether more follow, and hand the result to {@link #of}.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    /**
     * The first {@code limit} of {@code fetched} (which holds at most limit + 1), with the cursor of its last item
     * when more were fetched.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.getLast()));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
