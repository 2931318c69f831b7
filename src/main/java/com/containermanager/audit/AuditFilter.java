package com.containermanager.audit;

import com.containermanager.web.BadRequestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What GET /audit narrows to: an action (exact, or every action under a prefix ending in "."), an outcome, a target
 * (a container's id, a job's id) and a time from which on. A value that cannot match anything is refused (400), so
 * that a typo is not read as "no events".
 */
record AuditFilter(
        @Nullable String action,
        @Nullable String outcome,
        @Nullable String target,
        @Nullable Instant since) {

    private static final Pattern ACTION = Pattern.compile("[a-z_]+(\\.[a-z_]+)*\\.?");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    static AuditFilter of(
            @Nullable String action, @Nullable String outcome, @Nullable String target, @Nullable String since) {
        if (action != null && (action.length() > 64 || !ACTION.matcher(action).matches())) {
            throw new BadRequestException("invalid action: words of a-z and _ joined by '.', e.g. container.stop");
        }
        if (outcome != null
                && Arrays.stream(AuditOutcome.values())
                        .noneMatch(known -> known.value().equals(outcome))) {
            throw new BadRequestException("invalid outcome: one of "
                    + String.join(
                            ", ",
                            Arrays.stream(AuditOutcome.values())
                                    .map(AuditOutcome::value)
                                    .toList()));
        }
        if (target != null && !TARGET.matcher(target).matches()) {
            throw new BadRequestException("invalid target");
        }
        return new AuditFilter(blankToNull(action), blankToNull(outcome), blankToNull(target), instant(since));
    }

    /** The action as a SQL LIKE pattern: a prefix ending in "." matches every action under it. */
    @Nullable
    String actionPattern() {
        if (action == null) {
            return null;
        }
        String escaped = action.replace("_", "\\_");
        return action.endsWith(".") ? escaped + "%" : escaped;
    }

    private static @Nullable Instant instant(@Nullable String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(since.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("invalid since: use RFC 3339, e.g. 2026-11-28T12:00:00Z");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
