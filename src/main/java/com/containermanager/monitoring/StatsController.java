package com.containermanager.monitoring;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.container.ContainerNotFoundException;
import com.containermanager.container.OwnershipCheck;
import com.containermanager.limits.SlotStore;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserSlots;
import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.StatsStream;
import com.containermanager.web.EventStreamConnection;
import com.containermanager.web.EventStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Resource figures of a container: one sample, or one a second as Server-Sent Events. */
@Tag(name = "observe")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@ApiResponse(responseCode = "503", description = "The container engine is unavailable")
@RestController
class StatsController {

    private final OwnershipCheck owned;
    private final ContainerRuntime runtime;
    private final EventStreams streams;
    private final JsonMapper json;
    private final Clock clock;
    private final UserSlots statsStreams;

    StatsController(
            OwnershipCheck owned,
            ContainerRuntime runtime,
            EventStreams streams,
            JsonMapper json,
            Clock clock,
            StatsSettings settings,
            SlotStore slotStore,
            UserLimits userLimits) {
        this.owned = owned;
        this.runtime = runtime;
        this.streams = streams;
        this.json = json;
        this.clock = clock;
        this.statsStreams = new UserSlots(
                "stats_streams", settings.maxStreamsPerUser(), settings.maxStreams(), slotStore, userLimits);
    }

    @Operation(
            summary = "A container's resource figures",
            description = "One sample: CPU percent (computed from cpu_stats minus precpu_stats, as docker stats "
                    + "does), memory without the page cache, its limit, network and block I/O bytes, processes. A "
                    + "container that is not running answers 200 with zeros and its state. With stream=true the "
                    + "answer is text/event-stream: one `event: stats` a second with that object as data, until "
                    + "the container is removed or the client leaves.")
    @ApiResponse(
            responseCode = "200",
            description = "One sample, or Server-Sent Events of samples",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = StatsResponse.class)),
                @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "404", description = "container not found")
    @ApiResponse(responseCode = "429", description = "limit reached: stats_streams (8)")
    @GetMapping("/containers/{id}/stats")
    ResponseEntity<StatsResponse> stats(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "Full 64-hex container id, or the container's name") @PathVariable("id")
                    String idOrName,
            @Parameter(description = "One sample a second as Server-Sent Events") @RequestParam(defaultValue = "false")
                    boolean stream,
            HttpServletResponse response)
            throws IOException {
        String id = stream ? owned.requireOwnedActive(user.id(), idOrName) : owned.requireOwned(user.id(), idOrName);
        if (stream) {
            try (UserSlots.Slot slot = statsStreams.take(user.id())) {
                stream(id, response);
            }
            return null;
        }
        String state = state(id);
        StatsResponse sample = state.equals("running")
                ? StatsResponse.of(state, runtime.stats(id))
                : StatsResponse.idle(state, clock.instant());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(sample);
    }

    private String state(String id) {
        return runtime.inspect(id).map(ContainerDetails::status).orElseThrow(ContainerNotFoundException::new);
    }

    /**
     * While the container runs, the engine's own stream (a sample a second); while it does not, zeros and its state
     * once a second; a removed container ends the stream.
     */
    private void stream(String id, HttpServletResponse response) throws IOException {
        AtomicReference<StatsStream> engine = new AtomicReference<>();
        CountDownLatch gone = new CountDownLatch(1);
        Closeable onGone = () -> {
            gone.countDown();
            StatsStream current = engine.get();
            if (current != null) {
                current.close();
            }
        };
        try (EventStreamConnection events = streams.open(response, "stats_stream", onGone)) {
            while (!events.isGone()) {
                String state = state(id);
                if (state.equals("running")) {
                    try (StatsStream samples = runtime.statsStream(id)) {
                        engine.set(samples);
                        if (events.isGone()) {
                            return;
                        }
                        for (ContainerStats sample = samples.next();
                                sample != null && sample.sampled();
                                sample = samples.next()) {
                            send(events, StatsResponse.of("running", sample));
                        }
                    } finally {
                        engine.set(null);
                    }
                } else {
                    send(events, StatsResponse.idle(state, clock.instant()));
                    if (gone.await(1, TimeUnit.SECONDS)) {
                        return;
                    }
                }
            }
        } catch (ContainerNotFoundException | EngineException | IOException e) {
            // removed, the engine went away, or the client left: the stream ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(EventStreamConnection events, StatsResponse sample) throws IOException {
        events.event("stats", null, json.writeValueAsString(sample));
    }
}
