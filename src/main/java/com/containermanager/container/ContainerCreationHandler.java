package com.containermanager.container;

import com.containermanager.container.runtime.ContainerNameConflictException;
import com.containermanager.container.runtime.ContainerRuntime;
import com.containermanager.container.runtime.ContainerSpec;
import com.containermanager.container.runtime.DockerSettings;
import com.containermanager.container.runtime.EngineRejectedException;
import com.containermanager.container.runtime.EngineUnavailableException;
import com.containermanager.container.runtime.ImageUnavailableException;
import com.containermanager.container.runtime.NoSuchContainerException;
import com.containermanager.file.StoredFileNotFoundException;
import com.containermanager.job.JobExecution;
import com.containermanager.job.JobFailure;
import com.containermanager.job.JobHandler;
import com.containermanager.job.JobOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a user's container. Idempotent by construction: the container is named after the job and labelled with
 * it, so a retry after a crash finds and adopts the container of the earlier attempt instead of creating another,
 * and the ownership row is inserted once. The caller's files are copied in (again, on a retry: same result) before
 * the ownership row is written, so a job that fails on its files removes a container that nobody could see yet.
 */
@Component
class ContainerCreationHandler implements JobHandler {

    static final String TYPE = "container_creation";
    private static final Logger log = LoggerFactory.getLogger(ContainerCreationHandler.class);

    private final ContainerRuntime runtime;
    private final ContainerOwnership ownership;
    private final DockerSettings docker;
    private final JsonMapper json;
    private final ContainerFileCopier fileCopier;

    ContainerCreationHandler(
            ContainerRuntime runtime,
            ContainerOwnership ownership,
            DockerSettings docker,
            JsonMapper json,
            ContainerFileCopier fileCopier) {
        this.runtime = runtime;
        this.ownership = ownership;
        this.docker = docker;
        this.json = json;
        this.fileCopier = fileCopier;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JobOutcome handle(JobExecution job) {
        CreationPayload payload = json.readValue(job.payload(), CreationPayload.class);
        try {
            // Only a job claimed before can have left a container behind; a first attempt saves the look-up.
            Optional<String> earlier = job.attempt() > 1
                    ? runtime.findByLabel(ContainerLabels.JOB, job.jobId().toString())
                    : Optional.empty();
            String containerId = earlier.orElseGet(() -> createFresh(job, payload));
            MDC.put("container_id", containerId);
            copyFiles(containerId, job.ownerId(), payload.filesOrNone());
            log.info("Container ready");
            // Ownership and the job's completion are written together: neither exists without the other.
            return new JobOutcome(
                    Map.of("container_id", containerId),
                    () -> ownership.recordOnce(
                            containerId, job.ownerId(), job.jobId(), payload.image(), payload.cmd(), payload.env()));
        } catch (EngineUnavailableException e) {
            throw JobFailure.transient_("container engine unavailable", e);
        } catch (ImageUnavailableException | EngineRejectedException e) {
            throw JobFailure.permanent(e.getMessage());
        } finally {
            MDC.remove("container_id");
        }
    }

    /** A permanent failure removes the container: it has no owner row yet, so nobody else ever would. */
    private void copyFiles(String containerId, long ownerId, List<String> names) {
        try {
            fileCopier.copy(containerId, ownerId, names);
        } catch (NoSuchContainerException e) {
            // Removed behind our back: a retry creates it afresh.
            throw JobFailure.transient_("the container vanished while files were copied into it", e);
        } catch (StoredFileNotFoundException e) {
            runtime.remove(containerId);
            throw JobFailure.permanent("file not found: " + e.name());
        } catch (EngineRejectedException e) {
            runtime.remove(containerId);
            throw e;
        }
    }

    /** Creates at once; only when the engine says the image is missing is it pulled, and the create repeated. */
    private String createFresh(JobExecution job, CreationPayload payload) {
        try {
            return create(job, payload);
        } catch (ImageUnavailableException missing) {
            log.info("Pulling image {}", payload.image());
            runtime.pull(payload.image(), job::reportProgress);
            return create(job, payload);
        }
    }

    private String create(JobExecution job, CreationPayload payload) {
        Map<String, String> labels = new HashMap<>(docker.labels());
        labels.put(ContainerLabels.MANAGED, "true");
        labels.put(ContainerLabels.OWNER, Long.toString(job.ownerId()));
        labels.put(ContainerLabels.JOB, job.jobId().toString());
        String name = ContainerLabels.nameFor(job.jobId());
        try {
            return runtime.create(new ContainerSpec(name, payload.image(), payload.cmd(), payload.env(), labels));
        } catch (ContainerNameConflictException e) {
            // An earlier attempt created it between our look-up and our create; adopt it if it is ours.
            return runtime.findByLabel(ContainerLabels.JOB, job.jobId().toString())
                    .orElseThrow(
                            () -> JobFailure.permanent("a container named " + name + " exists and is not this job's"));
        }
    }
}
