package com.containermanager.console;

import com.containermanager.container.ContainerNotFoundException;
import com.containermanager.container.OwnershipCheck;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.OutputKind;
import com.containermanager.web.BadRequestException;
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
 * Runs a command to completion in one of the caller's containers: stdout and stderr kept up to the cap each, the
 * process killed at its deadline, the exit code read from the engine. Published for the audit trail either way.
 */
@Service
class CommandRunner {

    private final OwnershipCheck owned;
    private final ContainerRuntime runtime;
    private final ExecProcessKiller processes;
    private final ConsoleTimers timers;
    private final ExecSettings settings;
    private final ApplicationEventPublisher events;

    CommandRunner(
            OwnershipCheck owned,
            ContainerRuntime runtime,
            ExecProcessKiller processes,
            ConsoleTimers timers,
            ExecSettings settings,
            ApplicationEventPublisher events) {
        this.owned = owned;
        this.runtime = runtime;
        this.processes = processes;
        this.timers = timers;
        this.settings = settings;
        this.events = events;
    }

    ExecResponse run(long ownerId, String containerId, ExecRequest request) {
        Duration timeout = timeoutOf(request);
        try {
            owned.requireOwned(ownerId, containerId);
            ExecResponse response = execute(containerId, request, timeout);
            published(
                    ownerId,
                    containerId,
                    request,
                    response.timedOut() ? ContainerCommandRan.Outcome.TIMED_OUT : ContainerCommandRan.Outcome.OK,
                    response.exitCode());
            return response;
        } catch (RuntimeException e) {
            published(ownerId, containerId, request, outcomeOf(e), null);
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

    private ExecResponse execute(String containerId, ExecRequest request, Duration timeout) {
        String tag = ExecProcessKiller.newTag();
        List<String> env = new ArrayList<>(request.env() == null ? List.of() : request.env());
        env.add(ExecProcessKiller.variable(tag));
        String execId = runtime.execCreate(containerId, new ExecSpec(request.cmd(), env, request.workdir(), false));
        long cap = settings.maxOutput().toBytes();
        CapturedOutput stdout = new CapturedOutput(cap);
        CapturedOutput stderr = new CapturedOutput(cap);
        AtomicBoolean timedOut = new AtomicBoolean();
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
            } catch (IOException e) {
                if (!timedOut.get()) {
                    throw new EngineUnavailableException(e);
                }
            } finally {
                deadline.cancel(false);
            }
        }
        if (timedOut.get()) {
            processes.kill(containerId, tag);
        }
        return new ExecResponse(
                ExitCodes.await(runtime, execId),
                stdout.text(),
                stderr.text(),
                stdout.truncated() || stderr.truncated(),
                timedOut.get());
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
