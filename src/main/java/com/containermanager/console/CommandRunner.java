package com.containermanager.console;

import com.containermanager.container.ContainerNotFoundException;
import com.containermanager.container.OwnershipCheck;
import com.containermanager.limits.OperationRate;
import com.containermanager.limits.SlotStore;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserSlots;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.OutputKind;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.TooManyRequestsException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Runs a command to completion in one of the caller's containers, within the caller's exec slots and this
 * instance's: stdout and stderr kept up to the cap each, the process killed at its deadline or when the engine's
 * stream breaks (the engine would let it run on), the exit code read from the engine. Published for the audit trail
 * either way.
 */
@Service
class CommandRunner {

    private final OwnershipCheck owned;
    private final ContainerRuntime runtime;
    private final ExecProcessKiller processes;
    private final ConsoleTimers timers;
    private final ExecSettings settings;
    private final ApplicationEventPublisher events;
    private final UserSlots slots;
    private final OperationRate operationRate;

    CommandRunner(
            OwnershipCheck owned,
            ContainerRuntime runtime,
            ExecProcessKiller processes,
            ConsoleTimers timers,
            ExecSettings settings,
            ApplicationEventPublisher events,
            SlotStore slotStore,
            UserLimits userLimits,
            OperationRate operationRate) {
        this.owned = owned;
        this.operationRate = operationRate;
        this.runtime = runtime;
        this.processes = processes;
        this.timers = timers;
        this.settings = settings;
        this.events = events;
        this.slots = new UserSlots("execs", settings.maxPerUser(), settings.maxRunning(), slotStore, userLimits);
    }

    /** The caller writes the answer, then closes the result, which gives the exec slot back. */
    CommandResult run(long ownerId, String idOrName, ExecRequest request) {
        String containerId = idOrName;
        Duration timeout = timeoutOf(request);
        UserSlots.Slot slot = null;
        try {
            containerId = owned.requireOwnedActive(ownerId, idOrName);
            slot = slots.take(ownerId);
            // After the slot: a burst refused by the slots (in memory) costs no database write.
            operationRate.admit(ownerId);
            CommandResult result = execute(containerId, request, timeout, slot);
            published(
                    ownerId,
                    containerId,
                    request,
                    result.timedOut() ? ContainerCommandRan.Outcome.TIMED_OUT : ContainerCommandRan.Outcome.OK,
                    result.exitCode());
            return result;
        } catch (RuntimeException e) {
            if (slot != null) {
                slot.close();
            }
            // A refusal for slots or rate is not audited: a client that retries at once would write a row for each.
            if (!(e instanceof TooManyRequestsException)) {
                published(ownerId, containerId, request, outcomeOf(e), null);
            }
            throw e;
        }
    }

    private Duration timeoutOf(ExecRequest request) {
        long max = settings.maxTimeout().toSeconds();
        if (request.timeoutS() == null) {
            return settings.defaultTimeout().compareTo(settings.maxTimeout()) > 0
                    ? settings.maxTimeout()
                    : settings.defaultTimeout();
        }
        if (request.timeoutS() < 1 || request.timeoutS() > max) {
            throw new BadRequestException("timeout_s must be between 1 and " + max);
        }
        return Duration.ofSeconds(request.timeoutS());
    }

    private CommandResult execute(String containerId, ExecRequest request, Duration timeout, UserSlots.Slot slot) {
        String tag = ExecProcessKiller.newTag();
        List<String> env = new ArrayList<>(request.env() == null ? List.of() : request.env());
        env.add(ExecProcessKiller.variable(tag));
        String execId = runtime.execCreate(containerId, new ExecSpec(request.cmd(), env, request.workdir(), false));
        long cap = settings.maxOutput().toBytes();
        CapturedOutput stdout = new CapturedOutput(cap);
        CapturedOutput stderr = new CapturedOutput(cap);
        AtomicBoolean timedOut = new AtomicBoolean();
        boolean exited = false;
        try (ExecAttachment attachment = runtime.execStart(execId, false)) {
            ScheduledFuture<?> deadline = timers.timer()
                    .schedule(
                            () -> {
                                timedOut.set(true);
                                attachment.close();
                            },
                            timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
            try {
                while (attachment.read((stream, data, offset, length) ->
                        (stream == OutputKind.STDERR ? stderr : stdout).append(data, offset, length))) {
                    // the process runs until it closes its output
                }
                exited = !timedOut.get();
            } catch (IOException e) {
                if (!timedOut.get()) {
                    throw new EngineUnavailableException(e);
                }
            } finally {
                deadline.cancel(false);
                if (!exited) {
                    // Past its deadline, or the engine's stream broke: either way it may still run.
                    processes.kill(containerId, tag);
                }
            }
        }
        return new CommandResult(ExitCodes.await(runtime, execId), stdout, stderr, timedOut.get(), slot);
    }

    private static ContainerCommandRan.Outcome outcomeOf(RuntimeException e) {
        return switch (e) {
            case ContainerNotFoundException notFound -> ContainerCommandRan.Outcome.NOT_FOUND;
            case EngineContainerNotRunningException notRunning -> ContainerCommandRan.Outcome.NOT_RUNNING;
            case EngineUnavailableException unavailable -> ContainerCommandRan.Outcome.ENGINE_UNAVAILABLE;
            default -> ContainerCommandRan.Outcome.FAILED;
        };
    }

    private void published(
            long ownerId,
            String containerId,
            ExecRequest request,
            ContainerCommandRan.Outcome outcome,
            @Nullable Long exitCode) {
        String target = containerId.length() > 64 ? "(invalid id)" : containerId;
        events.publishEvent(new ContainerCommandRan(ownerId, target, request.cmd(), outcome, exitCode));
    }
}
