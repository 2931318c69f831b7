package com.containermanager.container;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Holds within one process (a singleflight and a per-container lock, in one map). Hand-written: it is a
 * compute-if-absent on a map of futures; no library offers join-or-conflict semantics.
 */
@Component
class InProcessOperationCoordinator implements OperationCoordinator {

    private final ConcurrentMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final LifecycleMetrics metrics;

    InProcessOperationCoordinator(LifecycleMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public <T> T run(String containerId, LifecycleOperation operation, Supplier<T> action) {
        InFlight mine = new InFlight(operation, new CompletableFuture<>());
        InFlight current = inFlight.putIfAbsent(containerId, mine);
        if (current == null) {
            metrics.executed(operation);
            try {
                mine.outcome().complete(action.get());
            } catch (RuntimeException | Error e) {
                mine.outcome().completeExceptionally(e);
            } finally {
                inFlight.remove(containerId, mine);
            }
            return outcome(mine);
        }
        if (current.operation() != operation) {
            metrics.conflicted(operation);
            throw new ConflictingOperationException();
        }
        metrics.joined(operation);
        return outcome(current);
    }

    @SuppressWarnings("unchecked")
    private static <T> T outcome(InFlight flight) {
        try {
            return (T) flight.outcome().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private record InFlight(LifecycleOperation operation, CompletableFuture<Object> outcome) {}
}
