package com.containermanager.monitoring;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.container.OwnershipCheck;
import com.containermanager.limits.SlotStore;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserSlots;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.LogRequest;
import com.containermanager.web.EventStreamConnection;
import com.containermanager.web.EventStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container's log, streamed from the engine to the client line by line: never held whole, so memory does not grow
 * with the log. A client that goes away ends the engine stream (a failed write, or the keep-alive's).
 */
// The OpenAPI tag keeps its first name (logs, stats, exec and console share it), so clients see no change.
@Tag(name = "observe", description = "Logs, stats, commands and the console of the caller's own containers")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@ApiResponse(responseCode = "503", description = "The container engine is unavailable")
@RestController
class LogsController {

    static final String NDJSON = "application/x-ndjson";
    private static final int WRITE_BUFFER = 16 * 1024;

    private final OwnershipCheck owned;
    private final ContainerRuntime runtime;
    private final EventStreams streams;
    private final JsonMapper json;
    private final UserSlots follows;

    LogsController(
            OwnershipCheck owned,
            ContainerRuntime runtime,
            EventStreams streams,
            JsonMapper json,
            LogSettings settings,
            SlotStore slotStore,
            UserLimits userLimits) {
        this.owned = owned;
        this.runtime = runtime;
        this.streams = streams;
        this.json = json;
        this.follows = new UserSlots(
                "log_follows", settings.maxFollowsPerUser(), settings.maxFollows(), slotStore, userLimits);
    }

    @Operation(
            summary = "A container's log",
            description = "The last `tail` lines (within since/until), decoded from the engine's multiplexed stream. "
                    + "As text/plain (default; with timestamps=true each line starts with its RFC 3339 time and a "
                    + "space), or with `Accept: application/x-ndjson` one JSON object per line "
                    + "`{\"stream\", \"time\"?, \"line\"}`. With follow=true the answer is text/event-stream: the "
                    + "backlog, then new lines as they come, each an `event: log` with that object as data; when the "
                    + "container stops, `event: end` with `{\"reason\": \"container stopped\"}`, then the stream "
                    + "closes. A comment line (`: keep-alive`) comes every 15 s. At most a configured number of "
                    + "follows per user (default 8): past it, 429.")
    @ApiResponse(
            responseCode = "200",
            description = "The lines: text, NDJSON or Server-Sent Events",
            content = {
                @Content(mediaType = "text/plain", schema = @Schema(type = "string")),
                @Content(mediaType = NDJSON, schema = @Schema(implementation = LogLineResponse.class)),
                @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "400", description = "Invalid tail, since or until")
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "429", description = "limit reached: log_follows (8)")
    @GetMapping("/containers/{id}/logs")
    void logs(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "Full 64-hex container id, or the container's name") @PathVariable("id")
                    String idOrName,
            @Parameter(description = "How many of the last lines, 0 to 10000") @RequestParam(defaultValue = "100")
                    int tail,
            @Parameter(description = "Only lines since this time (RFC 3339 or Unix seconds)")
                    @RequestParam(required = false)
                    @Nullable
                    String since,
            @Parameter(description = "Only lines before this time (RFC 3339 or Unix seconds)")
                    @RequestParam(required = false)
                    @Nullable
                    String until,
            @RequestParam(defaultValue = "false") boolean timestamps,
            @RequestParam(defaultValue = "true") boolean stdout,
            @RequestParam(defaultValue = "true") boolean stderr,
            @Parameter(description = "Stream new lines as Server-Sent Events until the container stops")
                    @RequestParam(defaultValue = "false")
                    boolean follow,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
            HttpServletResponse response)
            throws IOException {
        LogRequest request = LogParameters.toRequest(tail, since, until, timestamps, stdout, stderr, follow);
        String id = follow ? owned.requireOwnedActive(user.id(), idOrName) : owned.requireOwned(user.id(), idOrName);
        if (follow) {
            try (UserSlots.Slot slot = follows.take(user.id())) {
                follow(id, request, response);
            }
        } else if (accept != null && accept.contains(NDJSON)) {
            write(id, request, response, NDJSON, line -> json.writeValueAsString(LogLineResponse.of(line)));
        } else {
            write(
                    id,
                    request,
                    response,
                    "text/plain",
                    line -> line.time() == null ? line.text() : line.time() + " " + line.text());
        }
    }

    private void write(
            String id,
            LogRequest request,
            HttpServletResponse response,
            String contentType,
            java.util.function.Function<LogLine, String> format)
            throws IOException {
        try (LineStream lines = runtime.logs(id, request)) {
            response.setContentType(contentType);
            response.setCharacterEncoding("UTF-8");
            Writer out = new BufferedWriter(
                    new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), WRITE_BUFFER);
            for (LogLine line = lines.next(); line != null; line = lines.next()) {
                out.write(format.apply(line));
                out.write('\n');
            }
            out.flush();
        } catch (IOException clientGone) {
            // the client went away mid-log: closing the engine stream (above) is all there is to do
        }
    }

    private void follow(String id, LogRequest request, HttpServletResponse response) throws IOException {
        try (LineStream lines = runtime.logs(id, request);
                EventStreamConnection events = streams.open(response, "log_follow", lines::close)) {
            String reason = "container stopped";
            try {
                for (LogLine line = lines.next(); line != null; line = lines.next()) {
                    // sent at once unless more lines are already here: a burst goes out in few writes
                    events.event("log", null, json.writeValueAsString(LogLineResponse.of(line)), !lines.hasBuffered());
                }
            } catch (EngineUnavailableException e) {
                if (events.isGone()) {
                    return; // the client left, or the server shuts down: nobody to tell
                }
                reason = "engine unavailable";
            }
            events.event("end", null, json.writeValueAsString(Map.of("reason", reason)));
        } catch (IOException clientGone) {
            // the client went away: the engine stream is closed, nothing more to do
        }
    }
}
