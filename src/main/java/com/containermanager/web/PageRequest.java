package com.containermanager.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * The query of a paged list: {@code ?limit=} (1 to {@link PageLimit#MAX}, {@link PageLimit#DEFAULT} when absent)
 * and {@code ?cursor=}, the X-Next-Cursor of the previous page. One record for every list, bound with {@code @Valid}.
 */
public record PageRequest(
        @Parameter(
                description = PageLimit.DESCRIPTION,
                schema =
                        @Schema(
                                type = "integer",
                                format = "int32",
                                defaultValue = PageLimit.DEFAULT_VALUE,
                                minimum = "1",
                                maximum = PageLimit.MAX_VALUE))
        @Min(value = 1, message = PageLimit.MESSAGE)
        @Max(value = PageLimit.MAX, message = PageLimit.MESSAGE)
        @Nullable
        Integer limit,

        @Parameter(description = PageLimit.CURSOR_DESCRIPTION) @Nullable
        String cursor) {

    /** How many items the page holds at most. */
    public int size() {
        return limit == null ? PageLimit.DEFAULT : limit;
    }
}
