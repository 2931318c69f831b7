package com.containermanager.container;

import com.containermanager.container.ContainerOperationCompleted.Outcome;
import com.containermanager.container.ownership.OwnedContainer;
import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.container.ownership.OwnershipRepository.Position;
import com.containermanager.limits.OperationRate;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.EngineContainerLostException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.volume.Volumes;
import com.containermanager.web.ApiException;
import com.containermanager.web.Page;
import com.containermanager.web.PageCursor;
import com.containermanager.web.TooManyRequestsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** The caller's containers: listing, one container's details, and the coordinated lifecycle operations. */
@Service
class ContainerService {

    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final String CURSOR = "containers";
    private static final Logger log = LoggerFactory.getLogger(ContainerService.class);

    private final ContainerRuntime runtime;
    private final OwnershipRepository ownership;
    private final OperationCoordinator coordinator;
    private final ApplicationEventPublisher events;
    private final RunningContainersLimit running;
    private final ForeignEngines engines = new ForeignEngines();
    private final LifecycleRows lifecycle;
    private final LifecycleSettings lifecycleSettings;
    private final ContainerActivity activity;
    private final PolicyNotices notices;
    private final Profiles profiles;
    private final OperationRate operationRate;
    private final Volumes volumes;

    ContainerService(
            ContainerRuntime runtime,
            OwnershipRepository ownership,
            OperationCoordinator coordinator,
            ApplicationEventPublisher events,
            RunningContainersLimit running,
            LifecycleRows lifecycle,
            LifecycleSettings lifecycleSettings,
            ContainerActivity activity,
            PolicyNotices notices,
            Profiles profiles,
            OperationRate operationRate,
            Volumes volumes) {
        this.profiles = profiles;
        this.operationRate = operationRate;
        this.volumes = volumes;
        this.lifecycle = lifecycle;
        this.lifecycleSettings = lifecycleSettings;
        this.activity = activity;
        this.notices = notices;
        this.runtime = runtime;
        this.running = running;
        this.ownership = ownership;
        this.coordinator = coordinator;
        this.events = events;
    }

    /**
     * One engine call whatever the number of containers: a page of the owner's containers, joined with the engine's
     * list. Rows are read before the engine is asked, so a row whose container is missing from the answer really
     * lost its container (a container created later has its row written later too), and is forgotten when it lives
     * on this engine. Rows of another engine are left alone and not shown: this instance cannot see them.
     */
    Page<ContainerResponse> list(long ownerId, int limit, @Nullable String cursor) {
        Page<OwnedContainer> rows = Page.of(
                ownership.listByOwner(ownerId, limit + 1, cursor == null ? Position.START : decode(cursor)),
                limit,
                row -> PageCursor.encode(CURSOR, row.createdAt().toString(), row.id()));
        if (rows.items().isEmpty()) {
            return new Page<>(List.of(), rows.nextCursor());
        }
        Map<String, ContainerSummary> inEngine = runtime.listByOwner(ownerId).stream()
                .collect(Collectors.toMap(ContainerSummary::id, Function.identity(), (a, b) -> a));
        String engine = runtime.engineId();
        List<String> ids = rows.items().stream().map(OwnedContainer::id).toList();
        Map<String, LifecycleRows.State> states = lifecycle.of(ids);
        Map<String, List<Volumes.Mounted>> mounts = volumes.mountsOf(ids);
        List<ContainerResponse> result = new ArrayList<>(rows.items().size());
        List<String> vanished = new ArrayList<>();
        List<String> adopted = new ArrayList<>();
        for (OwnedContainer row : rows.items()) {
            ContainerSummary summary = inEngine.get(row.id());
            if (summary == null) {
                if (row.livesOn(engine)) {
                    vanished.add(row.id());
                } else {
                    engines.elsewhere(row, engine);
                }
                continue;
            }
            if (row.engineId() == null) {
                adopted.add(row.id());
            }
            result.add(response(
                    row,
                    summary.state(),
                    null,
                    timesOf(row, states.get(row.id()), summary.state()),
                    mounts.getOrDefault(row.id(), List.of())));
        }
        ownership.adoptEngine(adopted, engine);
        ownership.forgetAll(vanished);
        return new Page<>(result, rows.nextCursor());
    }

    /** The row in the API's words; rows from before profiles were created with the default profile. */
    private ContainerResponse response(
            OwnedContainer row,
            String status,
            ContainerResponse.@Nullable State state,
            ContainerResponse.Times times,
            List<Volumes.Mounted> mounts) {
        return new ContainerResponse(
                row.id(),
                row.name(),
                row.profile() == null ? profiles.defaultName() : row.profile(),
                row.image(),
                row.cmd(),
                row.env(),
                status,
                row.createdAt(),
                state,
                times.lastActivityAt(),
                times.stopsAt(),
                times.stopReason(),
                times.deletesAt(),
                ContainerResponse.Lifecycle.of(times.policy()),
                mounts.stream()
                        .map(mount -> new ContainerResponse.Mount(mount.volume(), mount.path(), mount.readOnly()))
                        .toList());
    }

    private static Position decode(String cursor) {
        List<String> parts = PageCursor.decode(CURSOR, cursor, 2);
        return new Position(PageCursor.instant(parts.get(0)), parts.get(1));
    }

    ContainerResponse get(long ownerId, String idOrName) {
        OwnedContainer row = requireOnThisEngine(requireOwned(ownerId, idOrName));
        var details = runtime.inspect(row.id()).orElseThrow(() -> vanished(row));
        return response(
                row,
                details.status(),
                ContainerResponse.State.of(details.state()),
                timesOf(row, lifecycle.of(row.id()).orElse(null), details.status()),
                volumes.mountsOf(List.of(row.id())).getOrDefault(row.id(), List.of()));
    }

    /**
     * When the policy stops or removes it, from its row and the engine's state: a running container's next stop, a
     * stopped one's removal and the reason a policy stopped it. Activity noted on this instance and not yet written
     * counts too.
     */
    private ContainerResponse.Times timesOf(OwnedContainer row, LifecycleRows.@Nullable State state, String status) {
        LifecyclePolicy policy = policyOf(row, state == null ? LifecyclePolicy.OFF : state.own());
        Instant written = state == null ? null : state.lastActivityAt();
        Instant noted = activity.pendingOf(row.id());
        Instant last = noted != null && (written == null || noted.isAfter(written)) ? noted : written;
        if (status.equals("running")) {
            Instant since = state != null && state.runningSince() != null
                    ? state.runningSince()
                    : last != null ? last : row.createdAt();
            LifecyclePolicy.Stop stop = policy.stopOf(since, last);
            return new ContainerResponse.Times(
                    last,
                    stop == null ? null : stop.at(),
                    stop == null ? null : stop.reason().value(),
                    null,
                    policy);
        }
        Instant stoppedAt = state == null || state.stoppedAt() == null ? row.createdAt() : state.stoppedAt();
        String reason = state == null || state.stopReason() == null
                ? null
                : state.stopReason().value();
        return new ContainerResponse.Times(last, null, reason, policy.deletionOf(stoppedAt), policy);
    }

    /** The policy a container follows: its profile's, narrowed by its own (what its owner asked for). */
    private LifecyclePolicy policyOf(OwnedContainer row, LifecyclePolicy own) {
        return profiles.policies(lifecycleSettings.policy()).of(row.profile()).atMost(own);
    }

    /**
     * Keepalive: activity, written at once. Answers the container's next stop (null when it is not running or no
     * policy stops it), judged by the row.
     */
    @Nullable
    Instant keepalive(long ownerId, String idOrName) {
        OwnedContainer row = requireOnThisEngine(requireOwned(ownerId, idOrName));
        String containerId = row.id();
        LifecycleRows.State state = lifecycle.keepalive(containerId).orElseThrow(ContainerNotFoundException::new);
        if (state.runningSince() == null) {
            return null;
        }
        LifecyclePolicy.Stop stop = policyOf(row, state.own()).stopOf(state.runningSince(), state.lastActivityAt());
        return stop == null ? null : stop.at();
    }

    /**
     * The policy round claimed this container: stop or remove it through the coordinated operation, as a user's
     * request would, after checking under the operation's lock that it is still due and that the engine agrees with
     * the row. A user's operation in flight wins (409 here: the claim is given back and the next round judges
     * again). Audited as the operation, with the policy as its detail, and announced on every instance.
     */
    void applyPolicy(LifecycleRows.Due due, LifecyclePolicies policy) {
        OwnedContainer row = ownership.findById(due.id()).orElse(null);
        if (row == null) {
            return;
        }
        if (row.engineId() != null && !row.livesOn(runtime.engineId())) {
            lifecycle.release(due.id());
            return;
        }
        boolean stop = due.stop();
        LifecycleOperation operation = stop ? LifecycleOperation.STOP : LifecycleOperation.DELETE;
        LifecyclePolicy.StopReason reason = due.reason();
        MDC.put("container_id", due.id());
        try {
            coordinator.run(
                    due.id(),
                    operation,
                    () -> inEngineTerms(row, () -> {
                        if (!lifecycle.stillDue(due.id(), policy, stop)) {
                            throw new NotDue();
                        }
                        boolean runs = runtime.inspect(due.id())
                                .orElseThrow(() -> vanished(row))
                                .state()
                                .running();
                        if (runs != stop) {
                            // The row missed an event: make it true, and judge again next round.
                            lifecycle.engineSaw(due.id(), runs, Instant.now());
                            throw new NotDue();
                        }
                        if (stop && reason == LifecyclePolicy.StopReason.IDLE && busy(due.id(), row.profile())) {
                            // Its own CPU use counts as activity: the idle stop moves on, asked again then.
                            lifecycle.keepalive(due.id());
                            throw new NotDue();
                        }
                        if (stop) {
                            runtime.stop(due.id(), null);
                            running.release(due.id());
                            lifecycle.stopped(due.id(), reason);
                        } else {
                            runtime.remove(due.id());
                            ownership.forget(due.id());
                        }
                    }));
        } catch (ConflictingOperationException e) {
            lifecycle.release(due.id());
            return;
        } catch (ContainerNotFoundException e) {
            return;
        } finally {
            MDC.remove("container_id");
        }
        String why = stop && reason != null ? reason.value() : "stopped";
        LifecyclePolicy applied = policy.of(row.profile()).atMost(due.own());
        String detail = stop
                ? "by policy: " + why
                        + (reason == LifecyclePolicy.StopReason.IDLE
                                ? " for " + applied.idleStopAfter()
                                : " after " + applied.maxLifetime())
                : "by policy: stopped for " + applied.deleteAfterStopped();
        completed(row.ownerId(), operation, due.id(), Outcome.OK, detail);
        notices.send(new ContainerPolicyNotice(
                row.ownerId(),
                due.id(),
                stop ? ContainerPolicyNotice.Kind.STOPPED : ContainerPolicyNotice.Kind.DELETED,
                why,
                Instant.now()));
    }

    /**
     * Whether a container due for an idle stop is busy by its own CPU use: one sample from the engine (the last
     * second or so, percent of one CPU), asked only when its profile sets lifecycle busy_cpu_percent above 0.
     */
    private boolean busy(String containerId, @Nullable String profile) {
        double threshold = profiles.busyCpuPercentOf(profile, lifecycleSettings.busyCpuPercent());
        if (threshold <= 0) {
            return false;
        }
        ContainerStats sample = runtime.stats(containerId);
        boolean busy = sample.sampled() && sample.cpuPercent() >= threshold;
        log.debug("Container {} uses {}% CPU, busy at {}%: {}", containerId, sample.cpuPercent(), threshold, busy);
        return busy;
    }

    /** The container was not due after all (activity, a start, or the engine's state): nothing to do. */
    private static final class NotDue extends ConflictingOperationException {}

    /** Within limits.running_containers, counted and claimed before the engine is asked to start anything. */
    void start(long ownerId, String idOrName) {
        lifecycle(ownerId, idOrName, LifecycleOperation.START, containerId -> {
            running.claimStart(ownerId, containerId);
            try {
                runtime.start(containerId);
                lifecycle.started(containerId, false);
            } catch (RuntimeException e) {
                running.release(containerId);
                throw e;
            }
        });
    }

    void stop(long ownerId, String idOrName, @Nullable Integer timeoutSeconds) {
        lifecycle(ownerId, idOrName, LifecycleOperation.STOP, containerId -> {
            runtime.stop(containerId, timeoutSeconds);
            running.release(containerId);
            lifecycle.stopped(containerId, null);
        });
    }

    /**
     * Coordinated like start and stop: joins a restart in flight, conflicts with anything else. A restart starts a
     * stopped or created container, so it claims like a start (a running container is already counted).
     */
    void restart(long ownerId, String idOrName, @Nullable Integer timeoutSeconds) {
        lifecycle(ownerId, idOrName, LifecycleOperation.RESTART, containerId -> {
            running.claimStart(ownerId, containerId);
            try {
                runtime.restart(containerId, timeoutSeconds);
                lifecycle.started(containerId, true);
            } catch (RuntimeException e) {
                running.release(containerId);
                throw e;
            }
        });
    }

    void delete(long ownerId, String idOrName) {
        lifecycle(ownerId, idOrName, LifecycleOperation.DELETE, containerId -> {
            runtime.remove(containerId);
            ownership.forget(containerId);
        });
    }

    /**
     * Ownership checked (and a name resolved to its container's id) before joining anything; coordinated; the
     * outcome published before the answer.
     */
    private void lifecycle(long ownerId, String idOrName, LifecycleOperation operation, Consumer<String> engineCall) {
        String target = idOrName.length() > 64 ? "(invalid id)" : idOrName;
        MDC.put("container_id", target);
        try {
            OwnedContainer row = requireOnThisEngine(requireOwned(ownerId, idOrName));
            target = row.id();
            MDC.put("container_id", target);
            if (operation != LifecycleOperation.DELETE) {
                // Deletes are bounded by the containers a user owns; starts, stops and restarts only by this rate.
                operationRate.admit(ownerId);
            }
            coordinator.run(row.id(), operation, () -> inEngineTerms(row, () -> engineCall.accept(row.id())));
            completed(ownerId, operation, target, Outcome.OK, null);
        } catch (TooManyRequestsException e) {
            // Not audited: a client that retries at once would write a row per refusal (the metrics count them).
            throw e;
        } catch (RuntimeException e) {
            completed(ownerId, operation, target, outcomeOf(e), detailOf(e));
            throw e;
        } finally {
            MDC.remove("container_id");
        }
    }

    private void completed(
            long ownerId, LifecycleOperation operation, String target, Outcome outcome, @Nullable String detail) {
        events.publishEvent(new ContainerOperationCompleted(ownerId, operation, target, outcome, detail));
    }

    private static Outcome outcomeOf(RuntimeException e) {
        return switch (e) {
            case ContainerNotFoundException notFound -> Outcome.NOT_FOUND;
            case ConflictingOperationException conflict -> Outcome.CONFLICT;
            case EngineUnavailableException unavailable -> Outcome.ENGINE_UNAVAILABLE;
            default -> Outcome.FAILED;
        };
    }

    /** Only our own messages are fit to keep; anything else might carry SQL, engine text or internals. */
    private static @Nullable String detailOf(RuntimeException e) {
        return switch (e) {
            case ContainerNotFoundException notFound -> null;
            case ConflictingOperationException conflict -> null;
            case EngineUnavailableException unavailable -> null;
            case EngineRefusedException refused -> "the container engine refused the operation";
            case EngineContainerLostException lost -> "container lost";
            case ApiException api -> api.getMessage();
            default -> "internal error";
        };
    }

    /** The caller's container of this full id or of this name; 404 for anything else, before the engine. */
    OwnedContainer requireOwned(long ownerId, String idOrName) {
        if (FULL_ID.matcher(idOrName).matches()) {
            return ownership.findOwned(idOrName, ownerId).orElseThrow(ContainerNotFoundException::new);
        }
        if (ContainerName.isValid(idOrName)) {
            return ownership.findOwnedByName(idOrName, ownerId).orElseThrow(ContainerNotFoundException::new);
        }
        throw new ContainerNotFoundException();
    }

    /**
     * A row that names another engine is not this instance's to judge: 503, as for an engine that does not answer,
     * and the row stays.
     */
    private OwnedContainer requireOnThisEngine(OwnedContainer row) {
        String engine = runtime.engineId();
        if (row.engineId() != null && !row.livesOn(engine)) {
            engines.elsewhere(row, engine);
            throw new EngineUnavailableException(new IllegalStateException("the container lives on another engine"));
        }
        return row;
    }

    private void inEngineTerms(OwnedContainer row, Runnable call) {
        try {
            call.run();
        } catch (EngineNoSuchContainerException e) {
            throw vanished(row);
        } catch (EngineRefusedException e) {
            log.warn("The engine refused a lifecycle operation: {}", e.getMessage());
            throw e;
        }
    }

    /**
     * The engine lost a container we still own on paper: forget it when it lived on this engine, and tell the caller
     * it is gone. A row that does not know its engine yet is kept: only its own engine may say it is gone.
     */
    private ContainerNotFoundException vanished(OwnedContainer row) {
        if (row.livesOn(runtime.engineId())) {
            ownership.forget(row.id());
        }
        return new ContainerNotFoundException();
    }
}
