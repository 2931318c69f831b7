package com.containermanager.monitoring;

import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.OutputKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** One log line on the wire (NDJSON, and the data of a followed log's "log" events). */
public record LogLineResponse(
        @Schema(
                allowableValues = {"stdout", "stderr"},
                description = "stdout for every line of a TTY container")
        String stream,

        @Schema(
                description = "The engine's RFC 3339 time of the line; only with timestamps=true",
                example = "2026-11-28T12:00:00.123456789Z")
        @Nullable
        String time,

        @Schema(example = "hello") String line) {

    static LogLineResponse of(LogLine line) {
        return new LogLineResponse(name(line.stream()), line.time(), line.text());
    }

    static String name(OutputKind stream) {
        return stream.name().toLowerCase(Locale.ROOT);
    }
}
