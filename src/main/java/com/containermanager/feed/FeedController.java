package com.containermanager.feed;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.limits.SlotStore;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserSlots;
import com.containermanager.web.EventStreamConnection;
import com.containermanager.web.EventStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "events", description = "The live stream of the caller's own changes")
@RestController
class FeedController {

    private final Feed feed;
    private final EventStreams streams;
    private final JsonMapper json;
    private final UserSlots slots;

    FeedController(
            Feed feed,
            EventStreams streams,
            JsonMapper json,
            FeedSettings settings,
            SlotStore slotStore,
            UserLimits userLimits) {
        this.feed = feed;
        this.streams = streams;
        this.json = json;
        this.slots = new UserSlots(
                "event_streams", settings.maxStreamsPerUser(), settings.maxStreams(), slotStore, userLimits);
    }

    @Operation(
            summary = "The caller's changes as they happen (Server-Sent Events)",
            description = "text/event-stream. `event: container` with data `{\"container_id\", \"action\", "
                    + "\"status\", \"exit_code\"?, \"time\"}`, action one of created, started, died, stopped, oom, "
                    + "removed, restarted and status the container's state after it; `event: job` with data "
                    + "`{\"job_id\", \"type\", \"status\", \"progress\"?: {\"current\", \"total\"}, \"result\"?, "
                    + "\"error\"?, \"time\"}`. The lifecycle policy (docs/lifecycle.md) adds "
                    + "`event: container.stopping_soon` `{\"container_id\", \"reason\": idle|lifetime, \"stops_at\"}` "
                    + "warn_before a stop, and `container.stopped_by_policy` (reason idle or lifetime) and "
                    + "`container.deleted_by_policy` (reason stopped) `{\"container_id\", \"reason\", \"time\"}`. Every event has an `id:`; reconnecting with the `Last-Event-ID` "
                    + "header resumes after it within the window (per user, the last 1000 events or 5 minutes, "
                    + "on the same instance); outside it the server first sends `event: reset` (the client "
                    + "re-lists). A comment line (`: keep-alive`) comes at least every 15 s. Browsers' EventSource "
                    + "cannot send the Authorization header: read it with fetch. At most a configured number of "
                    + "streams per user (8): past it, 429.")
    @ApiResponse(
            responseCode = "200",
            description = "Server-Sent Events",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "401", description = "Missing or invalid token")
    @ApiResponse(responseCode = "429", description = "limit reached: event_streams (8)")
    @GetMapping("/events")
    void events(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "The id of the last event received, to resume after it")
                    @RequestHeader(value = "Last-Event-ID", required = false)
                    @Nullable
                    String lastEventId,
            HttpServletResponse response)
            throws IOException {
        try (UserSlots.Slot slot = slots.take(user.id());
                Feed.Subscription subscription = feed.subscribe(user.id(), lastEventId);
                EventStreamConnection events = streams.open(response, "events", subscription::end)) {
            if (subscription.reset) {
                events.event(
                        "reset",
                        feed.currentId(),
                        json.writeValueAsString(Map.of("reason", "the events after Last-Event-ID are no longer kept")));
            }
            for (FeedEvent event : subscription.backlog) {
                events.event(event.name(), feed.idOf(event), event.data());
            }
            while (!events.isGone()) {
                FeedEvent event = subscription.queue.poll(5, TimeUnit.SECONDS);
                if (event == Feed.Subscription.END) {
                    return;
                }
                if (event != null) {
                    events.event(event.name(), feed.idOf(event), event.data());
                }
            }
        } catch (IOException clientGone) {
            // the client left; the subscription is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
