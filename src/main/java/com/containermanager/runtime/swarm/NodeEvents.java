package com.containermanager.runtime.swarm;

import com.containermanager.runtime.EngineEvent;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.ManagedContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swarm's container events: one event stream per node engine (the Docker adapter's, filtered to this
 * installation's labels, a task's container reported under the port's id it carries), merged into one. A node's
 * stream that breaks, ends or cannot be opened is opened again after a pause (1 s, doubling up to 15 s, back to 1 s
 * after a stream that lasted), while the others go on: the merged stream ends only when it is closed. A task
 * container's own {@code create} and {@code destroy} are not the port's container's (a start makes a task container,
 * a stop removes it), so they are left out: the port's container is still there, {@code exited}.
 *
 * <p>What a node did while its stream was down is not lost: when it is followed again, the containers are listed
 * (listManaged) and a {@code start} or a {@code die} (with the exit code) is told for each whose running state differs
 * from what this stream last knew of it (from the listing when it was opened, and from the events since): a crashed
 * node's engine tells nothing of the containers that died with it when it comes back. The listing is the manager's
 * view, which settles a moment after the node is back, so it is compared again 1, 3, 7 and 15 s later.
 */
final class NodeEvents implements EngineEventStream {

    private static final Logger log = LoggerFactory.getLogger(NodeEvents.class);

    /** A task container's own actions, which are not the port's container's. */
    static final Set<String> TASK_CONTAINER_ONLY = Set.of("create", "destroy");

    /** One node's events: its name (for the log) and how to open its engine's stream. */
    record Source(String name, Supplier<EngineEventStream> open) {}

    private static final Object END = new Object();
    /** How far the manager's view may lag behind a node's own events (measured: about 1.4 s). */
    static final Duration MANAGER_LAG = Duration.ofSeconds(5);

    /** The pauses between the listings after a node is back ({@link #compareAsItSettles}): 1, 3, 7 and 15 s after. */
    private static final List<Duration> SETTLING =
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Set<EngineEventStream> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> readers = new ArrayList<>();
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final List<Duration> settling;
    private final Supplier<List<ManagedContainer>> listing;
    /** Whether each container runs, as this stream last knew it, and when it learnt it (System.nanoTime). */
    private final Map<String, Known> running = new ConcurrentHashMap<>();

    /** A running state, when it was learnt (System.nanoTime), and whether from a node's own event (else a listing). */
    private record Known(boolean runs, long at, boolean fromEvent) {}

    NodeEvents(List<Source> sources, Supplier<List<ManagedContainer>> listing, Duration firstRetry, Duration maxRetry) {
        this(sources, listing, firstRetry, maxRetry, SETTLING);
    }

    NodeEvents(
            List<Source> sources,
            Supplier<List<ManagedContainer>> listing,
            Duration firstRetry,
            Duration maxRetry,
            List<Duration> settling) {
        this.settling = List.copyOf(settling);
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.listing = listing;
        compareWithListing(false);
        for (Source source : sources) {
            readers.add(Thread.ofVirtual().name("swarm-events-" + source.name()).start(() -> follow(source)));
        }
    }

    static NodeEvents of(List<Source> sources, Supplier<List<ManagedContainer>> listing) {
        return new NodeEvents(sources, listing, Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    /**
     * The listing against what this stream knew: each container's running state remembered, and (when {@code tell})
     * a start or die queued for each that changed. A listing that fails changes nothing.
     */
    private void compareWithListing(boolean tell) {
        long asked = System.nanoTime();
        List<ManagedContainer> containers;
        try {
            containers = listing.get();
        } catch (RuntimeException e) {
            log.warn("Could not list the swarm's containers to compare with their events: {}", e.toString());
            return;
        }
        Instant time = Instant.now();
        for (ManagedContainer container : containers) {
            boolean runs = container.state().equals("running");
            Known[] was = new Known[1];
            Known now = running.compute(container.id(), (id, known) -> {
                was[0] = known;
                // The listing is the manager's view, which lags the nodes' own events by about a second: an event
                // heard shortly before it was asked (or while) is newer than what it says.
                return known != null && known.fromEvent() && known.at() - (asked - MANAGER_LAG.toNanos()) > 0
                        ? known
                        : new Known(runs, asked, false);
            });
            if (tell && was[0] != null && was[0] != now && was[0].runs() != runs) {
                queue.add(new EngineEvent(
                        container.id(),
                        runs ? "start" : "die",
                        container.ownerId(),
                        runs ? null : container.exitCode(),
                        time));
            }
        }
    }

    /**
     * The listing again over the seconds after a node is back: it is the manager's view of the tasks, which learns
     * from the node's agent a moment after the node's engine answers (a task that died with the engine is still
     * {@code running} there for about a second, measured 1.4 s), so the first comparison can be too early.
     */
    private void compareAsItSettles() {
        for (Duration pause : settling) {
            if (!waitOpen(pause)) {
                return;
            }
            compareWithListing(true);
        }
    }

    /** Waits this long unless closed first; whether the stream is still open after it. */
    private boolean waitOpen(Duration pause) {
        try {
            return !closed.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void remember(EngineEvent event) {
        switch (event.action()) {
            case "start", "restart" -> running.put(event.containerId(), new Known(true, System.nanoTime(), true));
            case "die", "stop" -> running.put(event.containerId(), new Known(false, System.nanoTime(), true));
            default -> {
                // not a change of running state
            }
        }
    }

    /** Whether the merged stream passes this node event on. */
    static boolean passes(EngineEvent event) {
        return !TASK_CONTAINER_ONLY.contains(event.action());
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void follow(Source source) {
        Duration pause = firstRetry;
        boolean again = false; // a later attempt: events may have been missed since the last stream or the listing
        while (!isClosed()) {
            long opened = System.nanoTime();
            EngineEventStream stream = null;
            try {
                stream = source.open().get();
                open.add(stream);
                if (isClosed()) {
                    return;
                }
                if (again) {
                    log.info("The event stream of swarm node {} is back", source.name());
                    compareWithListing(true);
                    Thread.ofVirtual()
                            .name("swarm-events-settle-" + source.name())
                            .start(this::compareAsItSettles);
                }
                for (EngineEvent event = stream.next(); event != null; event = stream.next()) {
                    if (passes(event)) {
                        remember(event);
                        queue.add(event);
                    }
                }
                if (!isClosed()) {
                    log.warn("Swarm node {} ended its event stream; opening it again", source.name());
                }
            } catch (RuntimeException e) {
                if (!isClosed()) {
                    log.warn(
                            "No event stream from swarm node {} ({}); trying again in {} ms",
                            source.name(),
                            e.getCause() == null ? e.toString() : e.getCause().toString(),
                            pause.toMillis());
                }
            } finally {
                if (stream != null) {
                    open.remove(stream);
                    stream.close();
                }
            }
            again = true;
            if (Duration.ofNanos(System.nanoTime() - opened).compareTo(maxRetry) > 0) {
                pause = firstRetry; // it lasted: a fresh loss
            }
            if (!waitOpen(pause)) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : pause.multipliedBy(2);
        }
    }

    /** The next event of any node, waiting for it; null once closed. */
    @Override
    public @Nullable EngineEvent next() {
        if (isClosed()) {
            return null;
        }
        try {
            Object next = queue.take();
            if (next == END) {
                queue.add(END); // for any other waiting reader
                return null;
            }
            return (EngineEvent) next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        closed.countDown();
        queue.add(END);
        for (EngineEventStream stream : open) {
            stream.close();
        }
    }

    /** How many node streams are open now (for the tests: each node's, once it is followed). */
    int following() {
        return open.size();
    }

    /** Readers still following a node (for the tests: none once closed). */
    long readersAlive() {
        return readers.stream().filter(Thread::isAlive).count();
    }
}
