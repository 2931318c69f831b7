package com.containermanager.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

    private Feed log(int windowSize, int maxKept) {
        return new Feed(
                new FeedSettings(windowSize, Duration.ofMinutes(5), maxKept, 8, 100), clock, new SimpleMeterRegistry());
    }

    @Test
    void aSweepForgetsEveryQuietUserOnceTheirEventsAgeOut() {
        Feed log = log(1000, 100_000);
        for (long user = 1; user <= 500; user++) {
            log.publish(user, "container", "{}");
        }
        assertThat(log.userCount()).isEqualTo(500);

        clock.advance(Duration.ofMinutes(6));
        log.sweep();

        assertThat(log.userCount()).as("users with nothing left").isZero();
        assertThat(log.keptCount()).isZero();
    }

    @Test
    void aSweepKeepsASubscribedUserAndTheRecentEvents() {
        Feed log = log(1000, 100_000);
        Feed.Subscription subscribed = log.subscribe(1, null);
        log.publish(2, "container", "{}");
        clock.advance(Duration.ofMinutes(4));
        log.publish(2, "container", "{}");
        clock.advance(Duration.ofMinutes(2));

        log.sweep();

        assertThat(log.userCount())
                .as("one subscribed, one with a recent event")
                .isEqualTo(2);
        assertThat(log.keptCount()).isEqualTo(1);
        subscribed.close();
        clock.advance(Duration.ofMinutes(6));
        log.sweep();
        assertThat(log.userCount()).isZero();
    }

    @Test
    void theInstanceKeepsAtMostItsBoundAndTheFloodingUserLosesTheirOwnFirst() {
        Feed log = log(1000, 50);
        for (int i = 0; i < 10; i++) {
            log.publish(1, "container", "{\"quiet\": true}");
        }
        for (int i = 0; i < 1000; i++) {
            log.publish(2, "container", "{}");
        }

        assertThat(log.keptCount()).isEqualTo(50);
        Feed.Subscription quiet = log.subscribe(1, log.currentId().replaceAll("\\.\\d+$", ".0"));
        assertThat(quiet.reset).as("the quiet user's events are all still kept").isFalse();
        assertThat(quiet.backlog).hasSize(10);
    }

    @Test
    void aSubscriptionAfterASweepStillReceivesEvents() throws Exception {
        Feed log = log(1000, 100_000);
        log.publish(1, "container", "{}");
        clock.advance(Duration.ofMinutes(6));
        log.sweep();

        Feed.Subscription subscription = log.subscribe(1, null);
        log.publish(1, "job", "{\"n\": 1}");

        assertThat(subscription.queue.poll(1, java.util.concurrent.TimeUnit.SECONDS))
                .extracting(FeedEvent::name)
                .isEqualTo("job");
    }
}
