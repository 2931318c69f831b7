package com.containermanager.feed;

import com.containermanager.platform.BackgroundLoops;
import com.containermanager.platform.SupervisedLoop;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineEvent;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.ManagedContainer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Containers' changes into their owners' feeds, from one subscription to the engine's events per instance. That
 * stream is lossy (a reconnect misses what happened meanwhile), so this keeps the last known state of every managed
 * container, and after each reconnect re-lists them and publishes the differences. It subscribes before it
 * lists, so that nothing falls between the two.
 */
@Component
class ContainerFeed implements SmartLifecycle {

    private final ContainerRuntime runtime;
    private final Feed feed;
    private final JsonMapper json;
    private final Clock clock;
    /** Last known state of each managed container, and its owner. Touched by the loop's thread only. */
    private final Map<String, Known> known = new HashMap<>();

    private final AtomicReference<@Nullable EngineEventStream> current = new AtomicReference<>();
    private final BackgroundLoops loops;
    private volatile boolean running;
    private boolean first = true;
    private @Nullable SupervisedLoop loop;

    private final ApplicationEventPublisher events;

    ContainerFeed(
            ContainerRuntime runtime,
            Feed feed,
            JsonMapper json,
            Clock clock,
            BackgroundLoops loops,
            ApplicationEventPublisher events) {
        this.events = events;
        this.runtime = runtime;
        this.feed = feed;
        this.json = json;
        this.clock = clock;
        this.loops = loops;
    }

    @Override
    public void start() {
        running = true;
        // A platform thread: one for the instance, blocked on the engine's stream between events.
        loop = loops.start("engine-events", Thread.ofPlatform().daemon(), this::followUntilCut);
    }

    @Override
    public void stop() {
        running = false;
        EngineEventStream stream = current.get();
        if (stream != null) {
            stream.close();
        }
        if (loop != null) {
            loops.stop(loop);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * One subscription: subscribe, list (and after a reconnect, emit what changed meanwhile), then pass events on
     * until the stream breaks. The supervised loop subscribes again after a pause.
     */
    private void followUntilCut() throws IOException {
        try (EngineEventStream stream = runtime.events()) {
            current.set(stream);
            Map<String, Known> listed = new HashMap<>();
            for (ManagedContainer container : runtime.listManaged()) {
                listed.put(container.id(), Known.of(container));
            }
            if (!first) {
                emitDifferences(listed);
            }
            known.clear();
            known.putAll(listed);
            first = false;
            for (EngineEvent event = stream.next(); event != null && running; event = stream.next()) {
                on(event);
            }
            if (running) {
                throw new IOException("the engine ended its event stream");
            }
        } finally {
            current.set(null);
        }
    }

    /** Into the owner's feed; and, as an application event, to this instance's other listeners (the lifecycle's). */
    private void on(EngineEvent event) {
        events.publishEvent(event);
        Known before = known.get(event.containerId());
        Long owner = event.ownerId() != null ? event.ownerId() : before == null ? null : before.ownerId();
        if (owner == null) {
            return;
        }
        String state = before == null ? "created" : before.state();
        String action;
        Long exitCode = null;
        switch (event.action()) {
            case "create" -> {
                action = "created";
                state = "created";
            }
            case "start" -> {
                action = "started";
                state = "running";
            }
            case "die" -> {
                action = "died";
                state = "exited";
                exitCode = event.exitCode();
            }
            case "stop" -> {
                action = "stopped";
                state = "exited";
            }
            case "oom" -> action = "oom";
            case "restart" -> {
                action = "restarted";
                state = "running";
            }
            case "destroy" -> {
                action = "removed";
                state = "removed";
            }
            default -> {
                return; // kill, attach, exec_*, health_status ...: not part of the contract
            }
        }
        if (state.equals("removed")) {
            known.remove(event.containerId());
        } else {
            known.put(event.containerId(), new Known(event.containerId(), owner, state, exitCode));
        }
        emit(owner, event.containerId(), action, state, exitCode, event.time());
    }

    /** What changed while the stream was down, as the events that would have said so. */
    private void emitDifferences(Map<String, Known> listed) {
        Instant now = clock.instant();
        for (Known was : known.values()) {
            if (!listed.containsKey(was.id())) {
                emit(was.ownerId(), was.id(), "removed", "removed", null, now);
            }
        }
        for (Known is : listed.values()) {
            Known was = known.get(is.id());
            boolean runs = is.state().equals("running");
            if (was == null) {
                emit(is.ownerId(), is.id(), "created", "created", null, now);
                if (runs) {
                    emit(is.ownerId(), is.id(), "started", "running", null, now);
                } else if (is.state().equals("exited")) {
                    emit(is.ownerId(), is.id(), "died", "exited", is.exitCode(), now);
                }
            } else if (!was.state().equals(is.state())) {
                if (runs) {
                    emit(is.ownerId(), is.id(), "started", "running", null, now);
                } else if (is.state().equals("exited") || is.state().equals("dead")) {
                    emit(is.ownerId(), is.id(), "died", is.state(), is.exitCode(), now);
                }
            }
        }
    }

    private void emit(
            long owner, String containerId, String action, String status, @Nullable Long exitCode, Instant time) {
        feed.publish(
                owner,
                "container",
                json.writeValueAsString(new ContainerEventData(containerId, action, status, exitCode, time)));
    }

    /** What the feed knows of a container: whose it is, its state, its exit code. */
    private record Known(
            String id, long ownerId, String state, @Nullable Long exitCode) {
        static Known of(ManagedContainer container) {
            return new Known(container.id(), container.ownerId(), container.state(), container.exitCode());
        }
    }
}
