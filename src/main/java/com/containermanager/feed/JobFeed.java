package com.containermanager.feed;

import com.containermanager.job.JobChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Job status and progress into the owner's feed, from the job module's {@code JobChanged} events. */
@Component
class JobFeed {

    private final Feed feed;
    private final JsonMapper json;

    JobFeed(Feed feed, JsonMapper json) {
        this.feed = feed;
        this.json = json;
    }

    @EventListener
    void on(JobChanged changed) {
        JobEventData.Progress progress = changed.progressCurrent() == null
                ? null
                : new JobEventData.Progress(
                        changed.progressCurrent(), changed.progressTotal() == null ? 0 : changed.progressTotal());
        JobEventData data = new JobEventData(
                changed.jobId().toString(),
                changed.type(),
                changed.status().value(),
                progress,
                changed.result(),
                changed.error(),
                changed.time());
        feed.publish(changed.ownerId(), "job", json.writeValueAsString(data));
    }
}
