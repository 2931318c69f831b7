package com.containermanager.container;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Holds within one process (a singleflight and a per-container lock, in one map): the fast path in front of the
 * cluster-wide coordination, so that requests arriving at one instance join without asking the database.
 * Hand-written: it is a put-if-absent on a map of futures; no library offers join-or-conflict semantics.
 */
class InProcessOperationCoordinator implements OperationCoordinator {

    private final ConcurrentMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final LifecycleMetrics metrics;
    /** False when the leader's action goes on to coordinate across instances, which counts it there. */
    private final boolean countsExecutions;

    InProcessOperationCoordinator(LifecycleMetrics metrics) {
        this(metrics, true);
    }

    InProcessOperationCoordinator(LifecycleMetrics metrics, boolean countsExecutions) {
        this.metrics = metrics;
        this.countsExecutions = countsExecutions;
    }

    @Override
    public void run(String containerId, LifecycleOperation operation, Runnable action) {
        InFlight mine = new InFlight(operation, new CompletableFuture<>());
        InFlight current = inFlight.putIfAbsent(containerId, mine);
        if (current == null) {
            if (countsExecutions) {
                metrics.executed(operation);
            }
            try {
                action.run();
                mine.outcome().complete(null);
            } catch (RuntimeException | Error e) {
                mine.outcome().completeExceptionally(e);
            } finally {
                inFlight.remove(containerId, mine);
            }
            await(mine);
            return;
        }
        if (current.operation() != operation) {
            metrics.conflicted(operation);
            throw new ConflictingOperationException();
        }
        metrics.joined(operation);
        await(current);
    }

    private static void await(InFlight flight) {
        try {
            flight.outcome().join();
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

    private record InFlight(LifecycleOperation operation, CompletableFuture<Void> outcome) {}
}
