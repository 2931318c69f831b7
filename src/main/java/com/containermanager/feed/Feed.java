package com.containermanager.feed;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The feed: each user's recent feed events, and the live subscribers to them. Every event gets an id, "epoch.sequence": the epoch
 * names this instance's run, so an id from another instance or an earlier run is recognised as unknown (reset),
 * never misread. Per user the last windowSize events, none older than windowAge, are kept; a subscriber that
 * names an id whose successors are all still kept resumes after it, any other gets a reset.
 */
@Component
public class Feed {

    /** Events a subscriber may fall behind by before it is dropped (it then reconnects and resumes). */
    static final int SUBSCRIBER_BACKLOG = 1000;

    private final String epoch = Long.toString(System.currentTimeMillis(), 36)
            + UUID.randomUUID().toString().substring(0, 4);
    private final Map<Long, UserEvents> users = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final FeedSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;

    Feed(FeedSettings settings, Clock clock, MeterRegistry registry) {
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    /** Records an event of this user's and hands it to their subscribers. */
    public void publish(long userId, String name, String data) {
        UserEvents events = users.computeIfAbsent(userId, id -> new UserEvents());
        events.lock.lock();
        try {
            FeedEvent event = new FeedEvent(sequence.incrementAndGet(), name, data, clock.instant());
            events.kept.addLast(event);
            prune(events);
            for (Subscription subscriber : events.subscribers) {
                subscriber.deliver(event);
            }
        } finally {
            events.lock.unlock();
        }
        registry.counter("cm.events.published", "kind", name).increment();
    }

    String idOf(FeedEvent event) {
        return epoch + "." + event.sequence();
    }

    /** The id a reset carries: resuming from it later means "everything after now". */
    String currentId() {
        return epoch + "." + sequence.get();
    }

    /**
     * Subscribes to the user's events. With a last event id, the events after it come first (backlog), or, when
     * some of them are no longer kept or the id is not this run's, {@code reset} is true and the backlog empty.
     */
    Subscription subscribe(long userId, @Nullable String lastEventId) {
        UserEvents events = users.computeIfAbsent(userId, id -> new UserEvents());
        events.lock.lock();
        try {
            prune(events);
            Subscription subscription = new Subscription(events);
            if (lastEventId != null && !lastEventId.isBlank()) {
                long after = sequenceOf(lastEventId.strip());
                if (after < 0 || after < events.forgottenUpTo || after > sequence.get()) {
                    subscription.reset = true;
                } else {
                    for (FeedEvent event : events.kept) {
                        if (event.sequence() > after) {
                            subscription.backlog.add(event);
                        }
                    }
                }
            }
            events.subscribers.add(subscription);
            return subscription;
        } finally {
            events.lock.unlock();
        }
    }

    private long sequenceOf(String id) {
        int dot = id.lastIndexOf('.');
        if (dot < 0 || !id.substring(0, dot).equals(epoch)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Drops what is past the window; remembers the newest dropped, which no resume may reach back past. */
    private void prune(UserEvents events) {
        Instant oldest = clock.instant().minus(settings.windowAge());
        while (!events.kept.isEmpty()
                && (events.kept.size() > settings.windowSize()
                        || events.kept.peekFirst().at().isBefore(oldest))) {
            events.forgottenUpTo = events.kept.removeFirst().sequence();
        }
    }

    private static final class UserEvents {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<FeedEvent> kept = new ArrayDeque<>();
        final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
        long forgottenUpTo;
    }

    /** One live subscriber: what it missed (backlog), then new events through a bounded queue. */
    static final class Subscription implements AutoCloseable {
        static final FeedEvent END = new FeedEvent(-1, "", "", Instant.EPOCH);

        private final UserEvents events;
        final List<FeedEvent> backlog = new ArrayList<>();
        final BlockingQueue<FeedEvent> queue = new LinkedBlockingQueue<>(SUBSCRIBER_BACKLOG + 1);
        boolean reset;

        Subscription(UserEvents events) {
            this.events = events;
        }

        private void deliver(FeedEvent event) {
            if (queue.remainingCapacity() <= 1) {
                end(); // too far behind: drop it, it will resume from its last id
            } else {
                queue.offer(event);
            }
        }

        /** Ends the subscription: the serving loop sees END next. */
        void end() {
            events.subscribers.remove(this);
            queue.clear();
            queue.offer(END);
        }

        @Override
        public void close() {
            events.subscribers.remove(this);
        }
    }
}
