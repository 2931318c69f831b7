package com.containermanager.monitoring;

import com.containermanager.runtime.LogRequest;
import com.containermanager.web.BadRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** The log endpoint's parameters checked and turned into the engine's terms (times as Unix seconds). */
final class LogParameters {

    static final int MAX_TAIL = 10_000;
    private static final java.util.regex.Pattern UNIX_SECONDS =
            java.util.regex.Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

    private LogParameters() {}

    static LogRequest toRequest(
            int tail,
            @Nullable String since,
            @Nullable String until,
            boolean timestamps,
            boolean stdout,
            boolean stderr,
            boolean follow) {
        if (tail < 0 || tail > MAX_TAIL) {
            throw new BadRequestException("tail must be between 0 and " + MAX_TAIL);
        }
        if (!stdout && !stderr) {
            throw new BadRequestException("stdout or stderr must be true");
        }
        return new LogRequest(
                tail, unixSeconds("since", since), unixSeconds("until", until), timestamps, stdout, stderr, follow);
    }

    /** RFC 3339 or Unix seconds (with a fraction), as the engine's "seconds.nanoseconds". */
    static @Nullable String unixSeconds(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (UNIX_SECONDS.matcher(value.strip()).matches()) { // plain digits only: no exponent to blow up
            BigDecimal seconds = new BigDecimal(value.strip());
            if (seconds.compareTo(BigDecimal.valueOf(253402300799L)) > 0) {
                throw new BadRequestException("invalid " + name);
            }
            return seconds.setScale(9, java.math.RoundingMode.DOWN).toPlainString();
        }
        try {
            Instant instant = OffsetDateTime.parse(value.strip()).toInstant();
            if (instant.getEpochSecond() < 0) {
                throw new BadRequestException("invalid " + name);
            }
            return instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("invalid " + name + ": use RFC 3339 or Unix seconds");
        }
    }
}
