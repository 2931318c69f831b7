package com.containermanager.volume;

import com.containermanager.group.GroupBudget;
import com.containermanager.group.GroupLock;
import com.containermanager.group.Groups;
import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserLock;
import com.containermanager.platform.StartupRefusal;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineContainerLostException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.VolumeMount;
import com.containermanager.runtime.VolumeSettings;
import com.containermanager.runtime.VolumeSpec;
import com.containermanager.web.BadRequestException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each user's volumes: made and removed here (the row under the owner's limit lock, the engine's side outside any
 * transaction), resolved for the container module's mounts (only the caller's own; only under
 * volumes.mount_prefixes), and their usage for /users/me.
 */
@Service
public class Volumes implements UsageSource {

    /**
     * The volume_bytes budgets of the owner's groups: every member's volumes count. Under the owner's lock, then each
     * group's in id order (as starts take them), so that members creating at once, on any instance, cannot jointly
     * pass a budget.
     */
    private void checkGroupBudgets(long ownerId, long bytes) {
        List<GroupBudget> budgets = groups.budgetsOf(ownerId, Set.of(LimitSettings.VOLUME_BYTES));
        budgets.stream().mapToLong(GroupBudget::groupId).distinct().forEach(groupLock::lock);
        for (GroupBudget budget : budgets) {
            if (repository.bytesOf(budget.members()) + bytes > budget.limit()) {
                throw new LimitReachedException(budget.limitName(), budget.limit());
            }
        }
    }

    /** The sizes of these users' volumes together (a group's usage of its volume_bytes budget). */
    public long volumeBytesOf(Collection<Long> owners) {
        return owners.isEmpty() ? 0 : repository.bytesOf(owners);
    }

    /** As container names: lower case letters, digits, - and _, 1 to 63, starting with a letter or digit. */
    static final String NAME_REGEX = "[a-z0-9][a-z0-9_-]{0,62}";

    static final String NAME_RULE = "name must be 1 to 63 of a-z, 0-9, - and _, starting with a letter or digit";
    private static final Pattern NAME = Pattern.compile(NAME_REGEX);
    /** Never mounted over, whatever volumes.mount_prefixes says. */
    private static final List<String> FORBIDDEN = List.of("/proc", "/sys", "/dev", "/etc", "/files");

    private static final int MAX_MOUNTS = 16;
    private static final Logger log = LoggerFactory.getLogger(Volumes.class);

    private final VolumeRepository repository;
    private final ContainerRuntime runtime;
    private final UserLock userLock;
    private final UserLimits userLimits;
    private final LimitSettings limits;
    private final VolumeSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Groups groups;
    private final GroupLock groupLock;

    Volumes(
            VolumeRepository repository,
            ContainerRuntime runtime,
            UserLock userLock,
            UserLimits userLimits,
            LimitSettings limits,
            VolumeSettings settings,
            TransactionTemplate transactions,
            Clock clock,
            Groups groups,
            GroupLock groupLock) {
        this.groups = groups;
        this.groupLock = groupLock;
        this.repository = repository;
        this.runtime = runtime;
        this.userLock = userLock;
        this.userLimits = userLimits;
        this.limits = limits;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
        for (String prefix : settings.mountPrefixes()) {
            if (!validPath(prefix) || forbidden(prefix)) {
                throw new StartupRefusal("volumes.mount_prefixes must be absolute folders other than /, /proc, /sys,"
                        + " /dev, /etc, /files and what is under them, not \"" + prefix + "\"");
            }
        }
    }

    /** One of the user's volumes where a container mounts it, in the API's words. */
    public record Mounted(String volume, String path, boolean readOnly) {}

    /** A mount as a creation asks for it: the user's volume name, the path, read-only or not. */
    public record MountRequest(String volume, String path, boolean readOnly) {}

    /** "hard" or "soft": what the host gives. */
    public String limitKind() {
        return runtime.volumeLimit();
    }

    List<Volume> list(long ownerId) {
        return repository.of(ownerId);
    }

    Volume get(long ownerId, String name) {
        return repository.find(ownerId, name).orElseThrow(VolumeNotFoundException::new);
    }

    static final String AVAILABLE = "available";
    static final String UNAVAILABLE = "unavailable";
    static final String LOST = "lost";

    /** A volume's state and the bytes its files take; null bytes: not known now. */
    record Status(String state, @Nullable Long usedBytes) {}

    /**
     * Lost when its data is gone with the host that held it (a swarm node removed for good: it can only be deleted);
     * unavailable while that host does not answer, so that one node down does not take the caller's whole listing
     * with it.
     */
    Status status(Volume volume) {
        try {
            return new Status(AVAILABLE, runtime.volumeUsedBytes(volume.id()));
        } catch (EngineContainerLostException e) {
            return new Status(LOST, 0L);
        } catch (EngineUnavailableException | EngineRefusedException e) {
            // Not answered, or its usage could not be measured: this volume's figure is missing, not the listing.
            log.debug("volume {} unavailable: {}", volume.id(), e.getMessage());
            return new Status(UNAVAILABLE, null);
        }
    }

    /**
     * The row under the owner's lock (limits.volumes, limits.volume_bytes and the name checked there), then the
     * file system and the engine's volume; the row goes again when the host cannot give the volume.
     */
    Volume create(long ownerId, String name, String size) {
        if (!NAME.matcher(name).matches()) {
            throw new BadRequestException(NAME_RULE);
        }
        long bytes = VolumeSize.parse(size);
        if (bytes < settings.minSize().toBytes() || bytes > settings.maxSize().toBytes()) {
            throw new BadRequestException(
                    "size must be between " + settings.minSize().toBytes() + " and "
                            + settings.maxSize().toBytes() + " bytes");
        }
        Volume volume = new Volume(
                UUID.randomUUID(), ownerId, name, bytes, clock.instant().truncatedTo(ChronoUnit.MICROS));
        transactions.executeWithoutResult(status -> {
            UserLimits.Overrides overrides = userLimits.of(ownerId);
            long countLimit = overrides.get(LimitSettings.VOLUMES, (long) limits.volumes());
            long bytesLimit = overrides.get(
                    LimitSettings.VOLUME_BYTES, limits.volumeBytes().toBytes());
            userLock.lock(ownerId);
            if (repository.find(ownerId, name).isPresent()) {
                throw new VolumeNameTakenException();
            }
            VolumeRepository.Totals totals = repository.totals(ownerId);
            if (LimitSettings.reached(countLimit, totals.count())) {
                throw new LimitReachedException(LimitSettings.VOLUMES, countLimit);
            }
            if (bytesLimit > 0 && totals.bytes() + bytes > bytesLimit) {
                throw new LimitReachedException(LimitSettings.VOLUME_BYTES, bytesLimit);
            }
            checkGroupBudgets(ownerId, bytes);
            if (!repository.insert(volume)) {
                throw new VolumeNameTakenException();
            }
        });
        try {
            runtime.ensureVolume(new VolumeSpec(ownerId, volume.id(), bytes));
        } catch (RuntimeException e) {
            log.warn("Could not make volume {} of user {}", volume.id(), ownerId, e);
            try {
                runtime.removeVolume(volume.id());
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            transactions.executeWithoutResult(status -> repository.delete(volume.id()));
            throw e;
        }
        return volume;
    }

    /**
     * 409 while a container mounts it (the service's rows, then the engine's own refusal, which also covers a
     * container being created right now); then its data goes, then its row.
     */
    void delete(long ownerId, String name) {
        Volume volume = get(ownerId, name);
        if (repository.mounted(volume.id()) || !runtime.removeVolume(volume.id())) {
            throw new VolumeInUseException();
        }
        try {
            transactions.executeWithoutResult(status -> {
                userLock.lock(ownerId);
                repository.delete(volume.id());
            });
        } catch (DataIntegrityViolationException e) {
            throw new VolumeInUseException();
        }
    }

    /**
     * The caller's volumes for a creation's mounts: paths checked (400), then the volumes looked up among the
     * caller's own only (404 for any other name, another user's included).
     */
    public List<VolumeMount> resolve(long ownerId, Collection<MountRequest> requests) {
        if (requests.size() > MAX_MOUNTS) {
            throw new BadRequestException("volumes has more than " + MAX_MOUNTS + " entries");
        }
        Set<String> paths = new HashSet<>();
        for (MountRequest request : requests) {
            String path = request.path();
            if (path == null || !validPath(path)) {
                throw new BadRequestException("volumes path must be an absolute path without . or .. parts");
            }
            if (forbidden(path) || settings.mountPrefixes().stream().noneMatch(prefix -> under(path, prefix))) {
                throw new BadRequestException(
                        "volumes path must be under one of " + String.join(", ", settings.mountPrefixes()));
            }
            if (!paths.add(path)) {
                throw new BadRequestException("volumes path " + path + " is given twice");
            }
        }
        return requests.stream()
                .map(request -> new VolumeMount(
                        repository
                                .find(ownerId, request.volume() == null ? "" : request.volume())
                                .orElseThrow(VolumeNotFoundException::new)
                                .id(),
                        request.path(),
                        request.readOnly()))
                .toList();
    }

    /**
     * Right before a container is created with these mounts: each volume still there (else the creation fails
     * with {@link VolumeNotFoundException}) and attached (again, after a restart of the host).
     */
    public void prepare(long ownerId, List<VolumeMount> mounts) {
        for (VolumeMount mount : mounts) {
            Volume volume = repository
                    .find(mount.volumeId())
                    .filter(found -> found.ownerId() == ownerId)
                    .orElseThrow(VolumeNotFoundException::new);
            runtime.ensureVolume(new VolumeSpec(ownerId, volume.id(), volume.sizeBytes()));
        }
    }

    /** In the transaction that records the container's ownership row (after it). */
    public void recordMounts(String containerId, List<VolumeMount> mounts) {
        repository.recordMounts(containerId, mounts);
    }

    /** The volumes these containers mount, by container id. */
    public Map<String, List<Mounted>> mountsOf(Collection<String> containerIds) {
        return repository.mountsOf(containerIds);
    }

    @Override
    public Map<String, Usage> usageOf(long userId) {
        UserLimits.Overrides overrides = userLimits.of(userId);
        VolumeRepository.Totals totals = repository.totals(userId);
        return Map.of(
                LimitSettings.VOLUMES,
                new Usage(totals.count(), overrides.get(LimitSettings.VOLUMES, (long) limits.volumes())),
                LimitSettings.VOLUME_BYTES,
                new Usage(
                        totals.bytes(),
                        overrides.get(
                                LimitSettings.VOLUME_BYTES, limits.volumeBytes().toBytes())));
    }

    /** A deleted user's volumes: false when a container of theirs still mounts one (tried again later). */
    int removeAll(long ownerId) {
        int removed = 0;
        for (Volume volume : repository.of(ownerId)) {
            if (!runtime.removeVolume(volume.id())) {
                throw new EngineRefusedException("volume " + volume.name() + " is still in use", null);
            }
            transactions.executeWithoutResult(status -> repository.delete(volume.id()));
            removed++;
        }
        return removed;
    }

    /**
     * After a restart of the host the loop devices are gone: every volume is attached again once the service is
     * up, in the background (a volume that fails is attached on its next use).
     */
    @EventListener(ApplicationReadyEvent.class)
    void attachAll() {
        Thread.ofVirtual().name("volume-attach").start(() -> {
            for (Volume volume : repository.all()) {
                try {
                    runtime.ensureVolume(new VolumeSpec(volume.ownerId(), volume.id(), volume.sizeBytes()));
                } catch (RuntimeException e) {
                    log.warn("Could not attach volume {} again: {}", volume.id(), e.getMessage());
                }
            }
        });
    }

    private static boolean validPath(String path) {
        if (!path.startsWith("/") || path.length() > 4096 || path.indexOf('\0') >= 0 || path.contains(",")) {
            return false;
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean forbidden(String path) {
        return FORBIDDEN.stream().anyMatch(root -> under(path, root));
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
