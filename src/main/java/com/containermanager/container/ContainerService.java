package com.containermanager.container;

import com.containermanager.audit.AuditTrail;
import com.containermanager.container.runtime.ContainerRuntime;
import com.containermanager.container.runtime.ContainerSummary;
import com.containermanager.container.runtime.EngineRejectedException;
import com.containermanager.container.runtime.ImageReference;
import com.containermanager.container.runtime.NoSuchContainerException;
import com.containermanager.file.UserFiles;
import com.containermanager.job.JobService;
import com.containermanager.web.ApiException;
import com.containermanager.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

@Service
class ContainerService {

    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Logger log = LoggerFactory.getLogger(ContainerService.class);

    private final ContainerRuntime runtime;
    private final ContainerOwnership ownership;
    private final OperationCoordinator coordinator;
    private final JobService jobs;
    private final AuditTrail audit;
    private final UserFiles files;

    ContainerService(
            ContainerRuntime runtime,
            ContainerOwnership ownership,
            OperationCoordinator coordinator,
            JobService jobs,
            AuditTrail audit,
            UserFiles files) {
        this.audit = audit;
        this.runtime = runtime;
        this.ownership = ownership;
        this.coordinator = coordinator;
        this.jobs = jobs;
        this.files = files;
    }

    UUID submitCreation(long ownerId, CreateContainerRequest request) {
        if (!ImageReference.isValid(request.image())) {
            throw new BadRequestException("invalid image reference");
        }
        List<String> fileNames = request.files() == null
                ? List.of()
                : request.files().stream().distinct().toList();
        for (String name : fileNames) {
            if (!files.exists(ownerId, name)) {
                throw new BadRequestException("file not found: " + name);
            }
        }
        var payload = new CreationPayload(
                request.image(),
                request.cmd() == null ? List.of() : request.cmd(),
                request.env() == null ? List.of() : request.env(),
                fileNames.isEmpty() ? null : fileNames);
        UUID jobId = jobs.submit(ownerId, ContainerCreationHandler.TYPE, payload);
        audit.record(ownerId, "container.create", jobId.toString(), "accepted", request.image());
        return jobId;
    }

    /**
     * One engine call whatever the number of containers: a label-filtered list, joined with the ownership rows.
     * Rows are read before the engine is asked, so a row whose container is missing from the answer really lost
     * its container (a container created later has its row written later too) and can be forgotten.
     */
    List<ContainerResponse> list(long ownerId) {
        List<OwnedContainer> owned = ownership.listByOwner(ownerId);
        Map<String, ContainerSummary> inEngine =
                runtime.listByLabel(ContainerLabels.OWNER, Long.toString(ownerId)).stream()
                        .collect(Collectors.toMap(ContainerSummary::id, Function.identity(), (a, b) -> a));
        List<ContainerResponse> result = new ArrayList<>(owned.size());
        List<String> vanished = new ArrayList<>();
        for (OwnedContainer row : owned) {
            ContainerSummary engine = inEngine.get(row.id());
            if (engine == null) {
                vanished.add(row.id());
            } else {
                result.add(new ContainerResponse(
                        row.id(),
                        engine.name(),
                        row.image(),
                        row.cmd(),
                        row.env(),
                        engine.state(),
                        row.createdAt(),
                        null));
            }
        }
        ownership.forgetAll(vanished);
        return result;
    }

    ContainerResponse get(long ownerId, String containerId) {
        OwnedContainer row = requireOwned(ownerId, containerId);
        var details = runtime.inspect(containerId).orElseThrow(() -> vanished(containerId));
        return new ContainerResponse(
                row.id(),
                details.name(),
                row.image(),
                row.cmd(),
                row.env(),
                details.status(),
                row.createdAt(),
                details.state());
    }

    void start(long ownerId, String containerId) {
        lifecycle(ownerId, containerId, LifecycleOperation.START, () -> runtime.start(containerId));
    }

    void stop(long ownerId, String containerId, Integer timeoutSeconds) {
        lifecycle(ownerId, containerId, LifecycleOperation.STOP, () -> runtime.stop(containerId, timeoutSeconds));
    }

    void delete(long ownerId, String containerId) {
        lifecycle(ownerId, containerId, LifecycleOperation.DELETE, () -> {
            runtime.remove(containerId);
            ownership.forget(containerId);
        });
    }

    /** Audited; ownership checked before joining anything; coordinated; the engine's answers put in our words. */
    private void lifecycle(long ownerId, String containerId, LifecycleOperation operation, Runnable engineCall) {
        audited(ownerId, operation, containerId, () -> {
            requireOwned(ownerId, containerId);
            coordinator.run(containerId, operation, () -> {
                inEngineTerms(containerId, engineCall);
                return null;
            });
        });
    }

    /** Runs a lifecycle operation with the container id in the log context, and records it with its outcome. */
    private void audited(long ownerId, LifecycleOperation operation, String containerId, Runnable action) {
        String actionName = "container." + operation.name().toLowerCase(java.util.Locale.ROOT);
        String target = containerId == null || containerId.length() > 64 ? "(invalid id)" : containerId;
        MDC.put("container_id", target);
        try {
            action.run();
            audit.record(ownerId, actionName, target, "ok", null);
        } catch (ContainerNotFoundException e) {
            audit.record(ownerId, actionName, target, "not_found", null);
            throw e;
        } catch (ConflictingOperationException e) {
            audit.record(ownerId, actionName, target, "conflict", null);
            throw e;
        } catch (RuntimeException e) {
            // Only our own messages are fit to show; anything else might carry SQL or internals.
            audit.record(
                    ownerId,
                    actionName,
                    target,
                    "failed",
                    e instanceof ApiException ? e.getMessage() : "internal error");
            throw e;
        } finally {
            MDC.remove("container_id");
        }
    }

    private OwnedContainer requireOwned(long ownerId, String containerId) {
        if (containerId == null || !FULL_ID.matcher(containerId).matches()) {
            throw new ContainerNotFoundException();
        }
        return ownership.findOwned(containerId, ownerId).orElseThrow(ContainerNotFoundException::new);
    }

    private void inEngineTerms(String containerId, Runnable call) {
        try {
            call.run();
        } catch (NoSuchContainerException e) {
            throw vanished(containerId);
        } catch (EngineRejectedException e) {
            log.warn("The engine refused a lifecycle operation: {}", e.getMessage());
            throw new EngineRefusedOperationException();
        }
    }

    /** The engine lost a container we still own on paper: forget it, and tell the caller it is gone. */
    private ContainerNotFoundException vanished(String containerId) {
        ownership.forget(containerId);
        return new ContainerNotFoundException();
    }
}
