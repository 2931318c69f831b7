package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.EngineEvent;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ManagedContainer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class NodeEventsTest {

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EngineEvent event(String id, String action) {
        return new EngineEvent(id, action, 7L, action.equals("die") ? 137L : null, Instant.EPOCH);
    }

    /** A node's stream: these events, then (when {@code hang}) nothing until closed, else its end. */
    private static final class Fake implements EngineEventStream {
        private final Iterator<EngineEvent> events;
        private final boolean hang;
        private final CountDownLatch closed = new CountDownLatch(1);

        Fake(List<EngineEvent> events, boolean hang) {
            this.events = new ArrayList<>(events).iterator();
            this.hang = hang;
        }

        @Override
        public synchronized @Nullable EngineEvent next() {
            if (events.hasNext()) {
                return events.next();
            }
            if (hang) {
                awaitQuietly(closed);
            }
            return null;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static List<EngineEvent> take(NodeEvents stream, int count) {
        List<EngineEvent> taken = new ArrayList<>();
        while (taken.size() < count) {
            taken.add(stream.next());
        }
        return taken;
    }

    @Test
    void shouldMergeTheNodesEventsLeavingOutTheTaskContainersOwnCreateAndDestroy() {
        NodeEvents stream = new NodeEvents(
                List.of(
                        new NodeEvents.Source(
                                "n1",
                                () -> new Fake(
                                        List.of(event("a", "create"), event("a", "start"), event("a", "die")), true)),
                        new NodeEvents.Source(
                                "n2", () -> new Fake(List.of(event("b", "stop"), event("b", "destroy")), true))),
                List::of,
                Duration.ofMillis(10),
                Duration.ofMillis(100));
        try {
            assertThat(take(stream, 3))
                    .extracting(e -> e.containerId() + " " + e.action())
                    .containsExactlyInAnyOrder("a start", "a die", "b stop");
            assertThat(CompletableFuture.supplyAsync(stream::next).completeOnTimeout(null, 200, TimeUnit.MILLISECONDS))
                    .as("nothing more: create and destroy left out")
                    .succeedsWithin(Duration.ofSeconds(5))
                    .isNull();
        } finally {
            stream.close();
        }
        assertThat(stream.next()).as("closed").isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.readersAlive() == 0);
    }

    @Test
    void shouldOpenANodesStreamAgainWithGrowingPausesWhileTheOthersGoOnUntilClosed() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> attemptedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        NodeEvents stream = new NodeEvents(
                List.of(
                        new NodeEvents.Source("down", () -> {
                            attemptedAt.add(System.nanoTime());
                            int attempt = attempts.incrementAndGet();
                            if (attempt <= 3) {
                                throw new EngineUnavailableException(new IOException("connection refused"));
                            }
                            if (attempt == 4) {
                                // Back: one event, then the engine ends its stream.
                                return new Fake(List.of(event("a", "start")), false);
                            }
                            return new Fake(List.of(event("a", "die")), true);
                        }),
                        new NodeEvents.Source("up", () -> new Fake(List.of(event("b", "start")), true))),
                List::of,
                Duration.ofMillis(50),
                Duration.ofMillis(400));
        try {
            assertThat(take(stream, 3))
                    .extracting(e -> e.containerId() + " " + e.action())
                    .containsExactlyInAnyOrder("b start", "a start", "a die");
            assertThat(attempts).hasValue(5);
            // Pauses of 50, 100, 200, 400 ms: growing, no busy loop.
            for (int i = 1; i < attemptedAt.size(); i++) {
                long pauseMs = (attemptedAt.get(i) - attemptedAt.get(i - 1)) / 1_000_000;
                assertThat(pauseMs).as("pause before attempt %d", i + 1).isGreaterThanOrEqualTo(50L << (i - 1));
            }
        } finally {
            stream.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.readersAlive() == 0);
        int after = attempts.get();
        Thread.sleep(300); // nothing to await: that no attempt comes
        assertThat(attempts).as("no attempt once closed").hasValue(after);
    }

    @Test
    void shouldEndAWaitingReaderWhenClosedFromAnotherThread() {
        NodeEvents stream = new NodeEvents(
                List.of(new NodeEvents.Source("n1", () -> new Fake(List.of(), true))),
                List::of,
                Duration.ofMillis(10),
                Duration.ofMillis(100));
        CompletableFuture<@Nullable EngineEvent> waiting = CompletableFuture.supplyAsync(stream::next);
        assertThat(waiting).isNotDone();
        stream.close();
        assertThat(waiting).succeedsWithin(Duration.ofSeconds(5)).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.readersAlive() == 0);
    }

    private static ManagedContainer listed(String id, String state, @Nullable Long exitCode) {
        return new ManagedContainer(id, 7, null, Instant.EPOCH, state, exitCode);
    }

    @Test
    void shouldTellWhatTheListingSaysChangedWhileANodesStreamWasDown() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<List<ManagedContainer>> listing = new AtomicReference<>(List.of(
                listed("ran", "running", null), listed("stays", "running", null), listed("idle", "exited", 0L)));
        NodeEvents stream = new NodeEvents(
                List.of(new NodeEvents.Source("n1", () -> {
                    int attempt = attempts.incrementAndGet();
                    if (attempt == 1) {
                        // The engine crashes: the stream breaks; meanwhile "ran" died and "idle" was started.
                        listing.set(List.of(
                                listed("ran", "exited", 137L),
                                listed("stays", "running", null),
                                listed("idle", "running", null)));
                        return new Fake(List.of(), false);
                    }
                    return new Fake(List.of(event("later", "start")), true);
                })),
                listing::get,
                Duration.ofMillis(10),
                Duration.ofMillis(100));
        try {
            assertThat(take(stream, 3))
                    .extracting(e -> e.containerId() + " " + e.action() + " " + e.exitCode())
                    .containsExactlyInAnyOrder("ran die 137", "idle start null", "later start null");
            assertThat(CompletableFuture.supplyAsync(stream::next).completeOnTimeout(null, 200, TimeUnit.MILLISECONDS))
                    .as("nothing for the container that ran all along")
                    .succeedsWithin(Duration.ofSeconds(5))
                    .isNull();
        } finally {
            stream.close();
        }
    }

    @Test
    void shouldTellADieThatTheListingShowsOnlyAMomentAfterTheNodeIsBack() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger listings = new AtomicInteger();
        // The manager's view: "ran" still running when the node's stream is back (its agent has not reported yet),
        // exited from the third listing on (the first is at the start, the second at the reconnect).
        NodeEvents stream = new NodeEvents(
                List.of(new NodeEvents.Source(
                        "n1",
                        () -> attempts.incrementAndGet() == 1
                                ? new Fake(List.of(), false)
                                : new Fake(List.of(), true))),
                () -> List.of(
                        listings.incrementAndGet() <= 2
                                ? listed("ran", "running", null)
                                : listed("ran", "exited", 137L)),
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                List.of(Duration.ofMillis(20), Duration.ofMillis(20)));
        try {
            assertThat(CompletableFuture.supplyAsync(() -> take(stream, 1)))
                    .succeedsWithin(Duration.ofSeconds(5))
                    .extracting(taken -> taken.getFirst().containerId() + " "
                            + taken.getFirst().action() + " " + taken.getFirst().exitCode())
                    .isEqualTo("ran die 137");
            await().atMost(Duration.ofSeconds(5)).until(() -> listings.get() >= 4);
            assertThat(CompletableFuture.supplyAsync(stream::next).completeOnTimeout(null, 200, TimeUnit.MILLISECONDS))
                    .as("told once, not by each later listing")
                    .succeedsWithin(Duration.ofSeconds(5))
                    .isNull();
        } finally {
            stream.close();
        }
    }

    @Test
    void shouldNotTakeTheManagersLaggingListingOverANodesFreshEvent() {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        // n1 tells a start; n2's stream breaks once, and its return compares the listing, in which the manager has
        // not seen that start yet.
        NodeEvents stream = new NodeEvents(
                List.of(
                        new NodeEvents.Source("n1", () -> new Fake(List.of(event("a", "start")), true)),
                        new NodeEvents.Source("n2", () -> {
                            awaitQuietly(started);
                            return attempts.incrementAndGet() == 1
                                    ? new Fake(List.of(), false)
                                    : new Fake(List.of(), true);
                        })),
                () -> List.of(listed("a", "created", null)),
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                List.of(Duration.ofMillis(20), Duration.ofMillis(20)));
        try {
            assertThat(take(stream, 1)).extracting(EngineEvent::action).containsExactly("start");
            started.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 2);
            assertThat(CompletableFuture.supplyAsync(stream::next).completeOnTimeout(null, 300, TimeUnit.MILLISECONDS))
                    .as("no die made up from a listing that lags the node")
                    .succeedsWithin(Duration.ofSeconds(5))
                    .isNull();
        } finally {
            stream.close();
        }
    }

    @Test
    void shouldKeepAnEventThatCameWhileTheListingWasAskedOverThatListing() {
        CountDownLatch listingAsked = new CountDownLatch(1);
        CountDownLatch eventRemembered = new CountDownLatch(1);
        AtomicInteger listings = new AtomicInteger();
        EngineEventStream other = new EngineEventStream() {
            private int calls;
            private final CountDownLatch closed = new CountDownLatch(1);

            @Override
            public @Nullable EngineEvent next() {
                if (++calls == 1) {
                    awaitQuietly(listingAsked);
                    return event("x", "start");
                }
                eventRemembered.countDown(); // the first was remembered before the second is asked for
                awaitQuietly(closed);
                return null;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        AtomicInteger attempts = new AtomicInteger();
        NodeEvents stream = new NodeEvents(
                List.of(
                        new NodeEvents.Source("breaks once", () -> new Fake(List.of(), attempts.incrementAndGet() > 1)),
                        new NodeEvents.Source("other", () -> other)),
                () -> {
                    if (listings.incrementAndGet() == 2) {
                        // The listing when the first node is back, asked before x started on the other node.
                        listingAsked.countDown();
                        awaitQuietly(eventRemembered);
                    }
                    return List.of(listed("x", "exited", 0L));
                },
                Duration.ofMillis(10),
                Duration.ofMillis(100));
        try {
            assertThat(stream.next())
                    .extracting(e -> e.containerId() + " " + e.action())
                    .isEqualTo("x start");
            assertThat(CompletableFuture.supplyAsync(stream::next).completeOnTimeout(null, 300, TimeUnit.MILLISECONDS))
                    .as("no die told from the listing, older than the event")
                    .succeedsWithin(Duration.ofSeconds(5))
                    .isNull();
            assertThat(listings).hasValue(2);
        } finally {
            stream.close();
        }
    }
}
