package com.containermanager.container.creation;

import com.containermanager.container.ContainerCreationRequested;
import com.containermanager.container.CreateContainerRequest;
import com.containermanager.container.LifecyclePolicy;
import com.containermanager.container.LifecycleSettings;
import com.containermanager.container.LifecycleTooLongException;
import com.containermanager.container.Profiles;
import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.file.UserFiles;
import com.containermanager.job.JobService;
import com.containermanager.job.SubmissionCount;
import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.RateLimitReachedException;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserLock;
import com.containermanager.runtime.ImageReference;
import com.containermanager.runtime.RegistryPolicy;
import com.containermanager.runtime.VolumeMount;
import com.containermanager.volume.Volumes;
import com.containermanager.web.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts creation requests: checked here, stored as a durable job for {@link ContainerCreationHandler}. The
 * owner's limits are checked under the owner's lock, in the transaction that stores the job: containers (those
 * owned and those still being created), creations in the last minute, and (by the job module) unfinished jobs.
 */
@Service
public class ContainerCreations implements UsageSource {

    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final JobService jobs;
    private final UserFiles files;
    private final RegistryPolicy registries;
    private final ApplicationEventPublisher events;
    private final OwnershipRepository ownership;
    private final UserLock userLock;
    private final LimitSettings limits;
    private final UserLimits userLimits;
    private final Clock clock;
    private final ContainerNames names;
    private final Profiles profiles;
    private final LifecycleSettings lifecycle;
    private final Volumes volumes;

    ContainerCreations(
            JobService jobs,
            UserFiles files,
            RegistryPolicy registries,
            ApplicationEventPublisher events,
            OwnershipRepository ownership,
            UserLock userLock,
            LimitSettings limits,
            UserLimits userLimits,
            Clock clock,
            ContainerNames names,
            Profiles profiles,
            LifecycleSettings lifecycle,
            Volumes volumes) {
        this.profiles = profiles;
        this.lifecycle = lifecycle;
        this.volumes = volumes;
        this.names = names;
        this.userLimits = userLimits;
        this.jobs = jobs;
        this.files = files;
        this.registries = registries;
        this.events = events;
        this.ownership = ownership;
        this.userLock = userLock;
        this.limits = limits;
        this.clock = clock;
    }

    /** The job and its audit row (a listener of the event) are written in one transaction, fully committed. */
    @Transactional
    public UUID submit(long ownerId, CreateContainerRequest request) {
        String imageProblem = ImageReference.problem(request.image());
        if (imageProblem != null) {
            throw new BadRequestException(imageProblem);
        }
        if (!registries.allows(request.image())) {
            throw new BadRequestException("registry not allowed");
        }
        Profiles.Profile profile = profiles.forCreation(ownerId, request.profile(), request.image());
        LifecyclePolicy ownPolicy = ownPolicy(request, profile);
        List<String> cmd = request.cmd() == null ? List.of() : request.cmd();
        List<String> env = request.env() == null ? List.of() : request.env();
        checkSize(cmd, env);
        List<String> fileNames = request.files() == null
                ? List.of()
                : request.files().stream().distinct().toList();
        for (String name : fileNames) {
            if (!files.exists(ownerId, name)) {
                throw new BadRequestException("file not found: " + name);
            }
        }
        List<VolumeMount> mounts = request.volumes() == null
                ? List.of()
                : volumes.resolve(
                        ownerId,
                        request.volumes().stream()
                                .map(mount -> new Volumes.MountRequest(
                                        mount.volume(), mount.path(), Boolean.TRUE.equals(mount.readOnly())))
                                .toList());
        // Under the owner's lock: the limits (their overrides read under it are kept for the job's own check), and
        // the name, which no concurrent creation may take too.
        userLock.lock(ownerId);
        UserLimits.Overrides overrides = userLimits.of(ownerId);
        int containersLimit = overrides.get(LimitSettings.CONTAINERS, limits.containers());
        int rateLimit = overrides.get(LimitSettings.CREATIONS_PER_MINUTE, limits.creationsPerMinute());
        if (containersLimit > 0 || rateLimit > 0) {
            checkLimits(ownerId, containersLimit, rateLimit);
        }
        String name = request.name() == null ? names.generate(ownerId) : names.claim(ownerId, request.name());
        var payload = new CreationPayload(
                request.image(), cmd, env, fileNames, name, profile.name(), profile.size(), ownPolicy, mounts);
        UUID jobId = jobs.submit(ownerId, ContainerCreationHandler.TYPE, payload);
        events.publishEvent(new ContainerCreationRequested(ownerId, jobId, request.image()));
        return jobId;
    }

    /**
     * The container's own lifecycle policy, as asked: each part at most its profile's (any where the profile's is
     * off). Longer is refused, never clamped; {@link LifecyclePolicy#OFF} when nothing was asked.
     */
    private LifecyclePolicy ownPolicy(CreateContainerRequest request, Profiles.Profile profile) {
        CreateContainerRequest.Lifecycle wanted = request.lifecycle();
        if (wanted == null) {
            return LifecyclePolicy.OFF;
        }
        LifecyclePolicy asked = wanted.asked();
        LifecyclePolicy bound = profile.policy(lifecycle.policy());
        LifecyclePolicy.Part longer = bound.longerPart(asked);
        if (longer != null) {
            throw new LifecycleTooLongException(longer, asked, profile.name(), bound);
        }
        return asked;
    }

    /** cmd and env go into the job's payload and the ownership row, and come back in every list: bounded together. */
    private void checkSize(List<String> cmd, List<String> env) {
        long max = limits.cmdEnvSize().toBytes();
        long bytes = Stream.concat(cmd.stream(), env.stream())
                .mapToLong(entry -> entry.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        if (bytes > max) {
            throw new BadRequestException("cmd and env together exceed " + max + " bytes");
        }
    }

    /** A limit switched off (0) costs no query. */
    private void checkLimits(long ownerId, int containersLimit, int rateLimit) {
        if (LimitSettings.reached(containersLimit, () -> containers(ownerId))) {
            throw new LimitReachedException(LimitSettings.CONTAINERS, containersLimit);
        }
        if (rateLimit == 0) {
            return;
        }
        Instant now = clock.instant();
        SubmissionCount recent = jobs.submittedSince(ownerId, ContainerCreationHandler.TYPE, now.minus(RATE_WINDOW));
        if (LimitSettings.reached(rateLimit, recent.count()) && recent.first() != null) {
            Duration wait = Duration.between(now, recent.first().plus(RATE_WINDOW));
            throw new RateLimitReachedException(LimitSettings.CREATIONS_PER_MINUTE, rateLimit, wait);
        }
    }

    /**
     * Owned, and still being created: each unfinished creation job becomes a container. A job that completes between
     * the two counts would be counted in neither, so the unfinished jobs are counted again after the containers and
     * the counts taken anew if they changed. Under the owner's lock no job can be added, so they settle at once.
     */
    private long containers(long ownerId) {
        while (true) {
            long creating = jobs.countUnfinished(ownerId, ContainerCreationHandler.TYPE);
            long owned = ownership.countByOwner(ownerId);
            if (jobs.countUnfinished(ownerId, ContainerCreationHandler.TYPE) == creating) {
                return owned + creating;
            }
        }
    }

    @Override
    public Map<String, Usage> usageOf(long userId) {
        long recent = jobs.submittedSince(
                        userId, ContainerCreationHandler.TYPE, clock.instant().minus(RATE_WINDOW))
                .count();
        UserLimits.Overrides overrides = userLimits.of(userId);
        return Map.of(
                LimitSettings.CONTAINERS,
                new Usage(containers(userId), overrides.get(LimitSettings.CONTAINERS, limits.containers())),
                LimitSettings.CREATIONS_PER_MINUTE,
                new Usage(recent, overrides.get(LimitSettings.CREATIONS_PER_MINUTE, limits.creationsPerMinute())));
    }
}
