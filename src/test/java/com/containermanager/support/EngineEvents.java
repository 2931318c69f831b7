package com.containermanager.support;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's own event stream for one container, counted per action: what the engine really did, independent of
 * the service's wrappers.
 */
public final class EngineEvents implements Closeable {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ResultCallback.Adapter<Event> callback;

    private EngineEvents(String containerId) {
        callback = EngineFixture.docker()
                .eventsCmd()
                .withContainerFilter(containerId)
                .withEventTypeFilter("container")
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        counts.computeIfAbsent(event.getAction(), a -> new AtomicInteger())
                                .incrementAndGet();
                    }
                });
        try {
            callback.awaitStarted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static EngineEvents of(String containerId) {
        return new EngineEvents(containerId);
    }

    public int count(String action) {
        AtomicInteger count = counts.get(action);
        return count == null ? 0 : count.get();
    }

    public List<String> actions() {
        return List.copyOf(counts.keySet());
    }

    @Override
    public void close() throws IOException {
        callback.close();
    }
}
