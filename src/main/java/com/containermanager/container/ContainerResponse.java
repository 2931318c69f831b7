package com.containermanager.container;

import com.containermanager.runtime.ContainerDetails;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerResponse(
        @Schema(example = "b63595e69fa5377cb565ece4b962118a544e82c0c101e6ccd5c1cb12b79e6f65")
        String id,

        @Schema(example = "web", description = "The name among its owner's containers; paths take it as well as the id")
        String name,

        @Schema(example = "small", description = "The profile it was created with")
        String profile,

        @Schema(example = "alpine") String image,

        @Schema(example = "[\"tail\", \"-f\", \"/dev/null\"]")
        List<String> cmd,

        @Schema(example = "[]") List<String> env,

        @Schema(
                description = "The engine's state; node_unavailable under runtime.kind swarm when the container's node "
                        + "is down, lost when its node left the swarm (docs/several-hosts.md)",
                allowableValues = {
                    "created",
                    "running",
                    "paused",
                    "restarting",
                    "removing",
                    "exited",
                    "dead",
                    "node_unavailable",
                    "lost"
                })
        String status,

        Instant createdAt,

        @Schema(description = "Engine state details; only on GET /containers/{id}") @Nullable
        State state,

        @Schema(
                description =
                        "The last activity that postpones an idle stop (docs/lifecycle.md); absent if none since creation")
        @Nullable
        Instant lastActivityAt,

        @Schema(description = "When the lifecycle policy stops this running container; absent when none will") @Nullable
        Instant stopsAt,

        @Schema(
                description = "Running: why it stops at stops_at. Stopped: why the policy stopped it (absent when "
                        + "a user stopped it or it exited)",
                allowableValues = {"idle", "lifetime"})
        @Nullable
        String stopReason,

        @Schema(description = "When the policy removes this container, which is not running; absent when never")
        @Nullable
        Instant deletesAt,

        @Schema(
                description = "The lifecycle policy it follows: its profile's, each part shortened where its owner "
                        + "asked for less at creation (docs/lifecycle.md)")
        Lifecycle lifecycle,

        @Schema(description = "The caller's volumes it mounts")
        List<Mount> volumes) {

    /** One of the owner's volumes, where the container mounts it. */
    public record Mount(
            @Schema(example = "data") String volume,
            @Schema(example = "/data") String path,
            boolean readOnly) {}

    /** What the lifecycle policy says of a container, and the policy it follows. */
    record Times(
            @Nullable Instant lastActivityAt,
            @Nullable Instant stopsAt,
            @Nullable String stopReason,
            @Nullable Instant deletesAt,
            LifecyclePolicy policy) {}

    /** A container's effective lifecycle policy, in ISO-8601 as GET /profiles shows a profile's (PT0S: off). */
    @Schema(
            name = "ContainerLifecycle",
            description = "The lifecycle policy a container follows, in ISO-8601 (PT0S: off)")
    public record Lifecycle(
            @Schema(example = "PT30M", description = "Stops after this long without activity")
            String idleStopAfter,

            @Schema(example = "PT0S", description = "Stops after running this long, however busy")
            String maxLifetime,

            @Schema(example = "PT720H", description = "Removed after this long stopped")
            String deleteAfterStopped,

            @Schema(example = "PT10M", description = "Its owner is warned this long before a stop")
            String warnBefore) {

        static Lifecycle of(LifecyclePolicy policy) {
            return new Lifecycle(
                    policy.idleStopAfter().toString(),
                    policy.maxLifetime().toString(),
                    policy.deleteAfterStopped().toString(),
                    policy.warnBefore().toString());
        }
    }

    /** The engine's state details, in the API's own record so that the wire never follows the port's shape. */
    public record State(
            String status,
            boolean running,
            boolean paused,
            boolean restarting,
            boolean oomKilled,
            boolean dead,
            @Nullable Integer pid,
            @Nullable Long exitCode,
            @Nullable String error,
            @Nullable String startedAt,
            @Nullable String finishedAt) {

        static State of(ContainerDetails.State state) {
            return new State(
                    state.status(),
                    state.running(),
                    state.paused(),
                    state.restarting(),
                    state.oomKilled(),
                    state.dead(),
                    state.pid(),
                    state.exitCode(),
                    state.error(),
                    state.startedAt(),
                    state.finishedAt());
        }
    }
}
