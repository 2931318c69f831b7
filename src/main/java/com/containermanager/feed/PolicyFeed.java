package com.containermanager.feed;

import com.containermanager.container.ContainerPolicyNotice;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lifecycle policy's notices into the owner's feed: {@code container.stopping_soon} (at warn_before),
 * {@code container.stopped_by_policy} and {@code container.deleted_by_policy}.
 */
@Component
class PolicyFeed {

    private final Feed feed;
    private final JsonMapper json;

    PolicyFeed(Feed feed, JsonMapper json) {
        this.feed = feed;
        this.json = json;
    }

    @EventListener
    void on(ContainerPolicyNotice notice) {
        String name = switch (notice.kind()) {
            case STOPPING_SOON -> "container.stopping_soon";
            case STOPPED -> "container.stopped_by_policy";
            case DELETED -> "container.deleted_by_policy";
        };
        PolicyEventData data = notice.kind() == ContainerPolicyNotice.Kind.STOPPING_SOON
                ? new PolicyEventData(notice.containerId(), notice.reason(), notice.at(), null)
                : new PolicyEventData(notice.containerId(), notice.reason(), null, notice.at());
        feed.publish(notice.ownerId(), name, json.writeValueAsString(data));
    }

    /** The data of the policy's events. */
    @Schema(
            description = "Data of `event: container.stopping_soon`, `container.stopped_by_policy` and "
                    + "`container.deleted_by_policy`")
    record PolicyEventData(
            String containerId,

            @Schema(allowableValues = {"idle", "lifetime", "stopped"})
            String reason,

            @Schema(description = "stopping_soon: when it stops") @org.jspecify.annotations.Nullable
            Instant stopsAt,

            @Schema(description = "when the policy acted") @org.jspecify.annotations.Nullable
            Instant time) {}
}
