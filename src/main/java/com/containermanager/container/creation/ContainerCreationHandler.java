package com.containermanager.container.creation;

import com.containermanager.container.LifecyclePolicy;
import com.containermanager.container.OrphanRemovals;
import com.containermanager.container.Profiles;
import com.containermanager.container.UserNetworks;
import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.file.StoredFileNotFoundException;
import com.containermanager.job.spi.JobExecution;
import com.containermanager.job.spi.JobFailure;
import com.containermanager.job.spi.JobHandler;
import com.containermanager.job.spi.JobOutcome;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSize;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.EngineNameConflictException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineNoSuchImageException;
import com.containermanager.runtime.EnginePullTimeoutException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ImagePullException;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.volume.VolumeNotFoundException;
import com.containermanager.volume.Volumes;
import java.io.UncheckedIOException;
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
    private final OwnershipRepository ownership;
    private final JsonMapper json;
    private final ContainerFileCopier fileCopier;
    private final RegistryPolicy registries;
    private final OrphanRemovals orphans;
    private final Profiles profiles;
    private final UserNetworks networks;
    private final Volumes volumes;

    ContainerCreationHandler(
            ContainerRuntime runtime,
            OwnershipRepository ownership,
            JsonMapper json,
            ContainerFileCopier fileCopier,
            RegistryPolicy registries,
            OrphanRemovals orphans,
            Profiles profiles,
            UserNetworks networks,
            Volumes volumes) {
        this.volumes = volumes;
        this.profiles = profiles;
        this.networks = networks;
        this.runtime = runtime;
        this.ownership = ownership;
        this.json = json;
        this.fileCopier = fileCopier;
        this.registries = registries;
        this.orphans = orphans;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JobOutcome handle(JobExecution job) {
        CreationPayload payload = json.readValue(job.payload(), CreationPayload.class);
        // Checked at submission too; the allowed registries may have changed since.
        if (!registries.allows(payload.image())) {
            throw JobFailure.permanent(ImagePullException.Reason.REGISTRY_NOT_ALLOWED.message());
        }
        ContainerSize size = payload.size() == null ? profiles.sizeOf(payload.profile()) : payload.size();
        try {
            // Only a job claimed before can have left a container behind; a first attempt saves the look-up.
            Optional<String> earlier = job.attempt() > 1 ? runtime.findByJob(job.jobId()) : Optional.empty();
            if (earlier.isEmpty()) {
                // Each still the owner's, and attached (again, after a restart of the host).
                volumes.prepare(job.ownerId(), payload.volumes());
            }
            String containerId = earlier.orElseGet(() -> createFresh(
                    job,
                    new ContainerSpec(
                            job.ownerId(),
                            job.jobId(),
                            payload.image(),
                            payload.cmd(),
                            payload.env(),
                            size,
                            networks.attach(job.ownerId(), profiles.egressOf(payload.profile()), payload.name()),
                            payload.volumes())));
            MDC.put("container_id", containerId);
            copyFilesOrRemove(job, containerId, payload.files());
            String engineId = runtime.engineId();
            // The job's completion line names the container at INFO.
            log.debug("Container ready");
            // Ownership and the job's completion are written together: neither exists without the other.
            return new JobOutcome(Map.of("container_id", containerId), () -> {
                ownership.recordOnce(
                        containerId,
                        job.ownerId(),
                        job.jobId(),
                        payload.name() == null ? "c-" + containerId.substring(0, 12) : payload.name(),
                        payload.image(),
                        payload.cmd(),
                        payload.env(),
                        engineId,
                        payload.profile() == null ? profiles.defaultName() : payload.profile(),
                        size,
                        payload.lifecycle() == null ? LifecyclePolicy.OFF : payload.lifecycle());
                // After the ownership row, which the mounts' rows name.
                volumes.recordMounts(containerId, payload.volumes());
            });
        } catch (VolumeNotFoundException e) {
            throw JobFailure.permanent("volume not found");
        } catch (EngineUnavailableException e) {
            throw JobFailure.temporary("container engine unavailable", e);
        } catch (ImagePullException e) {
            throw JobFailure.permanent(e.getMessage());
        } catch (EngineNoSuchImageException e) {
            throw JobFailure.permanent(ImagePullException.Reason.IMAGE_NOT_FOUND.message());
        } catch (EngineRefusedException | EnginePullTimeoutException e) {
            throw JobFailure.permanent(e.getMessage());
        } finally {
            MDC.remove("container_id");
        }
    }

    /**
     * Whatever goes wrong once the container exists, it is removed before the failure goes on: it has no owner row
     * yet, so nobody else would (a retry creates it afresh). Should the removal itself fail (the engine is away), the
     * orphan sweeper removes it once the job has ended.
     */
    private void copyFilesOrRemove(JobExecution job, String containerId, List<String> names) {
        try {
            fileCopier.copy(containerId, job.ownerId(), names);
        } catch (Error e) {
            removeLeftover(job, containerId);
            throw e;
        } catch (RuntimeException e) {
            removeLeftover(job, containerId);
            throw switch (e) {
                case EngineNoSuchContainerException vanished ->
                    JobFailure.temporary("the container vanished while files were copied into it", vanished);
                case StoredFileNotFoundException missing -> JobFailure.permanent("file not found: " + missing.name());
                case UncheckedIOException io -> {
                    log.warn("Could not copy the files into the container", io);
                    yield JobFailure.permanent("could not copy the files into the container");
                }
                default -> e;
            };
        }
    }

    /**
     * A worker whose lease lapsed may no longer remove: the job's new worker may already have adopted and recorded
     * this very container. It stops instead (the lease check throws), and the new worker decides.
     */
    private void removeLeftover(JobExecution job, String containerId) {
        job.ensureClaimed();
        try {
            runtime.remove(containerId);
            orphans.removed(OrphanRemovals.Reason.FAILED_JOB);
        } catch (RuntimeException e) {
            log.warn("Could not remove the container of a failed creation; the orphan sweeper will: {}", e.toString());
        }
    }

    /** Creates at once; only when the engine says the image is missing is it pulled, and the create repeated. */
    private String createFresh(JobExecution job, ContainerSpec spec) {
        try {
            return create(spec);
        } catch (EngineNoSuchImageException missing) {
            log.info("Pulling image {}", spec.image());
            runtime.pull(spec.image(), job::reportProgress);
            return create(spec);
        }
    }

    private String create(ContainerSpec spec) {
        try {
            return runtime.create(spec);
        } catch (EngineNameConflictException e) {
            // An earlier attempt created it between our look-up and our create; adopt it if it is ours.
            return runtime.findByJob(spec.jobId())
                    .orElseThrow(() ->
                            JobFailure.permanent("a container named " + spec.name() + " exists and is not this job's"));
        }
    }
}
