package com.containermanager.container;

import com.containermanager.container.ownership.OwnedContainer;
import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.container.ownership.OwnershipRepository.Position;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.web.Page;
import com.containermanager.web.PageCursor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Every user's containers, for admins: one list over all owners (one engine call per page), and stop and delete of
 * any container through the same coordinated lifecycle as its owner's own requests (so they join or conflict with
 * the owner's, and the owner's audit trail records them).
 */
@Service
public class ContainerAdministration {

    private static final String CURSOR = "admin-containers";
    private static final Set<String> RUNNING = Set.of("running", "paused", "restarting");

    private final ContainerService containers;
    private final OwnershipRepository ownership;
    private final ContainerRuntime runtime;
    private final Profiles profiles;

    ContainerAdministration(
            ContainerService containers, OwnershipRepository ownership, ContainerRuntime runtime, Profiles profiles) {
        this.containers = containers;
        this.ownership = ownership;
        this.runtime = runtime;
        this.profiles = profiles;
    }

    public Page<AdminContainerView> list(@Nullable Long ownerId, int limit, @Nullable String cursor) {
        Page<OwnedContainer> rows = Page.of(
                ownership.listAll(ownerId, limit + 1, cursor == null ? Position.START : decode(cursor)),
                limit,
                row -> PageCursor.encode(CURSOR, row.createdAt().toString(), row.id()));
        Map<String, ManagedContainer> inEngine = rows.items().isEmpty()
                ? Map.of()
                : runtime.listManaged().stream()
                        .collect(Collectors.toMap(ManagedContainer::id, Function.identity(), (a, b) -> a));
        List<AdminContainerView> views = rows.items().stream()
                .map(row -> {
                    ManagedContainer found = inEngine.get(row.id());
                    return new AdminContainerView(
                            row.id(),
                            row.ownerId(),
                            row.image(),
                            row.cmd(),
                            found == null ? "missing" : found.state(),
                            row.createdAt(),
                            found == null ? null : found.node());
                })
                .toList();
        return new Page<>(views, rows.nextCursor());
    }

    /** The owner of a container; 404 "container not found" for an id nobody owns. */
    public long ownerOf(String containerId) {
        if (!containerId.matches("[0-9a-f]{64}")) {
            throw new ContainerNotFoundException();
        }
        return ownership
                .findById(containerId)
                .orElseThrow(ContainerNotFoundException::new)
                .ownerId();
    }

    /** Stops any user's container; a timeout of 0 kills it at once (a force stop). */
    public void stop(String containerId, @Nullable Integer timeoutSeconds) {
        containers.stop(ownerOf(containerId), containerId, timeoutSeconds);
    }

    public void delete(String containerId) {
        containers.delete(ownerOf(containerId), containerId);
    }

    /** What these owners' running containers take together: how many, their CPUs (in thousandths) and memory. */
    public record RunningUse(long containers, long cpusMilli, long memoryBytes) {}

    /**
     * What the containers of these owners that run now take, by the engine's one list of this installation's
     * containers and the sizes of their profiles (as the group budgets count them).
     */
    public RunningUse runningUseOf(Collection<Long> ownerIds) {
        if (ownerIds.isEmpty()) {
            return new RunningUse(0, 0, 0);
        }
        Set<Long> owners = Set.copyOf(ownerIds);
        Set<String> running = runtime.listManaged().stream()
                .filter(container -> owners.contains(container.ownerId()) && RUNNING.contains(container.state()))
                .map(ManagedContainer::id)
                .collect(Collectors.toSet());
        OwnershipRepository.Totals totals = ownership.totalsOf(owners, running, profiles.sizeOf(null));
        return new RunningUse(running.size(), totals.cpusMilli(), totals.memoryBytes());
    }

    private static Position decode(String cursor) {
        List<String> parts = PageCursor.decode(CURSOR, cursor, 2);
        try {
            return new Position(Instant.parse(parts.get(0)), parts.get(1));
        } catch (DateTimeParseException e) {
            throw PageCursor.invalid();
        }
    }
}
