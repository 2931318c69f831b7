package com.containermanager.container.creation;

import com.containermanager.container.ContainerCreationRequested;
import com.containermanager.container.CreateContainerRequest;
import com.containermanager.file.UserFiles;
import com.containermanager.job.JobService;
import com.containermanager.runtime.ImageReference;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.web.BadRequestException;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accepts creation requests: checked here, stored as a durable job for {@link ContainerCreationHandler}. */
@Service
public class ContainerCreations {

    private final JobService jobs;
    private final UserFiles files;
    private final RegistryPolicy registries;
    private final ApplicationEventPublisher events;

    ContainerCreations(JobService jobs, UserFiles files, RegistryPolicy registries, ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.files = files;
        this.registries = registries;
        this.events = events;
    }

    /** The job and its audit row (a listener of the event) are written in one transaction, fully committed. */
    @Transactional
    public UUID submit(long ownerId, CreateContainerRequest request) {
        if (!ImageReference.isValid(request.image())) {
            throw new BadRequestException("invalid image reference");
        }
        if (!registries.allows(request.image())) {
            throw new BadRequestException("registry not allowed");
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
                fileNames);
        UUID jobId = jobs.submit(ownerId, ContainerCreationHandler.TYPE, payload);
        events.publishEvent(new ContainerCreationRequested(ownerId, jobId, request.image()));
        return jobId;
    }
}
