package com.containermanager.container;

import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.group.GroupBudget;
import com.containermanager.group.GroupLock;
import com.containermanager.group.Groups;
import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserLock;
import com.containermanager.platform.RelaxedCommits;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.ManagedContainer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * limits.running_containers. The engine knows what runs, but two starts could each read "19 running" and both
 * start. So every start claims its container in PostgreSQL under the owner's lock, for a while longer than any start
 * takes; the check counts the engine's running containers and the claims together. When the owner has no more
 * containers than the limit, nothing can pass it and the engine is not asked. A stop or delete drops the claim; a
 * container that exits by itself counts until its claim expires (CLAIM_FOR), the price of never undercounting.
 * A group's budgets (running containers, and their CPUs and memory by their profiles) are held the same way over
 * all its members' containers and claims, under the group's lock.
 */
@Component
class RunningContainersLimit implements UsageSource {

    static final Duration CLAIM_FOR = Duration.ofSeconds(60);
    private static final Set<String> RUNNING_STATES = Set.of("running", "paused", "restarting");
    /** The group budgets held here. */
    private static final Set<String> GROUP_BUDGETS =
            Set.of(LimitSettings.RUNNING_CONTAINERS, LimitSettings.RUNNING_CPUS, LimitSettings.RUNNING_MEMORY_BYTES);

    private final ContainerRuntime runtime;
    private final OwnershipRepository ownership;
    private final UserLock userLock;
    private final Groups groups;
    private final GroupLock groupLock;
    private final LimitSettings limits;
    private final UserLimits userLimits;
    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;
    private final Profiles profiles;

    RunningContainersLimit(
            ContainerRuntime runtime,
            OwnershipRepository ownership,
            UserLock userLock,
            Groups groups,
            GroupLock groupLock,
            LimitSettings limits,
            UserLimits userLimits,
            JdbcClient jdbc,
            RelaxedCommits relaxed,
            Profiles profiles) {
        this.profiles = profiles;
        this.runtime = runtime;
        this.ownership = ownership;
        this.userLock = userLock;
        this.groups = groups;
        this.groupLock = groupLock;
        this.limits = limits;
        this.userLimits = userLimits;
        this.jdbc = jdbc;
        this.relaxed = relaxed;
    }

    /**
     * Claims a start of this container, or refuses it with 403 when it would pass the owner's limits or a budget
     * (running containers, CPUs, memory) of a group the owner is in.
     */
    void claimStart(long ownerId, String containerId) {
        UserLimits.Overrides overrides = userLimits.of(ownerId);
        int limit = limitOf(overrides);
        Sizes sizes = sizeLimits(overrides);
        List<GroupBudget> budgets = groups.budgetsOf(ownerId, GROUP_BUDGETS);
        if (limit == 0 && budgets.isEmpty() && sizes.off()) {
            return;
        }
        boolean askEngine = mayPass(ownerId, limit, sizes, budgets);
        while (!tryClaim(ownerId, containerId, limit, sizes, budgets, askEngine)) {
            askEngine = true; // the owners' containers grew past a limit meanwhile
        }
    }

    /**
     * Whether the owner, or the members of a group, own more containers (or CPUs, or memory) than may run: only then
     * is the engine asked.
     */
    private boolean mayPass(long ownerId, int limit, Sizes sizes, List<GroupBudget> budgets) {
        if (limit > 0 && ownership.countByOwner(ownerId) > limit) {
            return true;
        }
        if (!sizes.off() && sizes.passedBy(ownership.totals(ownerId, null, profiles.sizeOf(null)))) {
            return true;
        }
        return budgets.stream().anyMatch(budget -> used(budget, null) > budget.limit());
    }

    /**
     * What the group's members use of the budget's kind: of their containers with these ids (running or claimed),
     * or of all their containers when ids is null (the most they could run).
     */
    private long used(GroupBudget budget, @Nullable Set<String> ids) {
        return switch (budget.kind()) {
            case LimitSettings.RUNNING_CONTAINERS ->
                ids == null ? ownership.countByOwners(budget.members()) : ids.size();
            case LimitSettings.RUNNING_CPUS ->
                ownership.totalsOf(budget.members(), ids, profiles.sizeOf(null)).cpusMilli();
            case LimitSettings.RUNNING_MEMORY_BYTES ->
                ownership.totalsOf(budget.members(), ids, profiles.sizeOf(null)).memoryBytes();
            default -> throw new IllegalArgumentException("not a budget held here: " + budget.kind());
        };
    }

    /** limits.running_cpus (in thousandths) and limits.running_memory; 0: off. */
    private record Sizes(long cpusMilli, long memoryBytes) {
        boolean off() {
            return cpusMilli == 0 && memoryBytes == 0;
        }

        boolean passedBy(OwnershipRepository.Totals totals) {
            return (cpusMilli > 0 && totals.cpusMilli() > cpusMilli)
                    || (memoryBytes > 0 && totals.memoryBytes() > memoryBytes);
        }
    }

    /** The settings, or the owner's overrides of them (running_cpus in thousandths, as usage counts it). */
    private Sizes sizeLimits(UserLimits.Overrides overrides) {
        return new Sizes(
                overrides.get(LimitSettings.RUNNING_CPUS, Math.round(limits.runningCpus() * 1000)),
                overrides.get(
                        LimitSettings.RUNNING_MEMORY_BYTES,
                        limits.runningMemory().toBytes()));
    }

    /**
     * False when the engine must be asked after all; the engine is never asked while a lock is held. The owner's
     * lock first, then each group's in id order (GroupLock), so that concurrent starts of the members of one group,
     * on any instance, count one after the other.
     */
    private boolean tryClaim(
            long ownerId, String containerId, int limit, Sizes sizes, List<GroupBudget> budgets, boolean askEngine) {
        Map<Long, Set<String>> running = askEngine ? runningByOwner(ownerId, budgets) : Map.of();
        return relaxed.run(() -> {
            userLock.lock(ownerId);
            budgets.stream().mapToLong(GroupBudget::groupId).distinct().forEach(groupLock::lock);
            // With no more containers than the limit, even all of them running is within it.
            if (limit > 0 && ownership.countByOwner(ownerId) > limit) {
                if (!askEngine) {
                    return false;
                }
                Set<String> counted = counted(Set.of(ownerId), running);
                if (!counted.contains(containerId) && LimitSettings.reached(limit, counted.size())) {
                    throw new LimitReachedException(LimitSettings.RUNNING_CONTAINERS, limit);
                }
            }
            // CPUs and memory: what runs or is claimed, with this container, by the sizes of their profiles.
            if (!sizes.off() && sizes.passedBy(ownership.totals(ownerId, null, profiles.sizeOf(null)))) {
                if (!askEngine) {
                    return false;
                }
                Set<String> counted = counted(Set.of(ownerId), running);
                counted.add(containerId);
                OwnershipRepository.Totals totals = ownership.totals(ownerId, counted, profiles.sizeOf(null));
                if (sizes.cpusMilli() > 0 && totals.cpusMilli() > sizes.cpusMilli()) {
                    throw new LimitReachedException(LimitSettings.RUNNING_CPUS, cpus(sizes.cpusMilli()));
                }
                if (sizes.memoryBytes() > 0 && totals.memoryBytes() > sizes.memoryBytes()) {
                    throw new LimitReachedException(LimitSettings.RUNNING_MEMORY_BYTES, sizes.memoryBytes());
                }
            }
            // Each group's budgets: what its members run or have claimed, with this container.
            for (GroupBudget budget : budgets) {
                if (used(budget, null) > budget.limit()) {
                    if (!askEngine) {
                        return false;
                    }
                    Set<String> counted = counted(budget.members(), running);
                    if (budget.kind().equals(LimitSettings.RUNNING_CONTAINERS)) {
                        if (!counted.contains(containerId) && LimitSettings.reached(budget.limit(), counted.size())) {
                            throw new LimitReachedException(budget.limitName(), budget.limit());
                        }
                    } else {
                        counted.add(containerId);
                        if (used(budget, counted) > budget.limit()) {
                            throw budget.kind().equals(LimitSettings.RUNNING_CPUS)
                                    ? new LimitReachedException(budget.limitName(), cpus(budget.limit()))
                                    : new LimitReachedException(budget.limitName(), budget.limit());
                        }
                    }
                }
            }
            // A delete that committed since the ownership check leaves nothing to claim: that start is a 404.
            int claimed = jdbc.sql("insert into container_start_claims (container_id, owner_id, expires_at) "
                            + "select :id, :owner, now() + cast(:for as interval) where exists "
                            + "(select 1 from containers where id = :id and owner_id = :owner) "
                            + "on conflict (container_id) do update set expires_at = excluded.expires_at")
                    .param("id", containerId)
                    .param("owner", ownerId)
                    .param("for", CLAIM_FOR.toSeconds() + " seconds")
                    .update();
            if (claimed == 0) {
                throw new ContainerNotFoundException();
            }
            return true;
        });
    }

    /** The running containers (in the engine's answer) and the claimed ones of these owners. */
    private Set<String> counted(Set<Long> owners, Map<Long, Set<String>> running) {
        Set<String> counted = new HashSet<>();
        owners.forEach(owner -> counted.addAll(running.getOrDefault(owner, Set.of())));
        counted.addAll(claimed(owners));
        return counted;
    }

    /** One engine call: the owner's containers alone, or every container of the installation for a group. */
    private Map<Long, Set<String>> runningByOwner(long ownerId, List<GroupBudget> budgets) {
        if (budgets.isEmpty()) {
            return Map.of(ownerId, runningInEngine(ownerId));
        }
        return runtime.listManaged().stream()
                .filter(container -> RUNNING_STATES.contains(container.state()))
                .collect(Collectors.groupingBy(
                        ManagedContainer::ownerId, Collectors.mapping(ManagedContainer::id, Collectors.toSet())));
    }

    /** The container is stopped, gone, or did not start: it no longer needs its claim. */
    void release(String containerId) {
        // Always: a user's override may turn on a limit that is off for everyone else.
        jdbc.sql("delete from container_start_claims where container_id = :id and " + relaxed.relaxingCondition())
                .param("id", containerId)
                .update();
    }

    private Set<String> claimed(Set<Long> owners) {
        return Set.copyOf(jdbc.sql("select container_id from container_start_claims "
                        + "where owner_id in (:owners) and expires_at > now()")
                .param("owners", owners)
                .query(String.class)
                .list());
    }

    private Set<String> runningInEngine(long ownerId) {
        return runtime.listByOwner(ownerId).stream()
                .filter(container -> RUNNING_STATES.contains(container.state()))
                .map(ContainerSummary::id)
                .collect(Collectors.toSet());
    }

    /** 2 for 2000 thousandths, 1.5 for 1500. */
    private static String cpus(long milli) {
        return java.math.BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
    }

    /** Running containers, and their CPUs (in thousandths: Usage counts whole numbers) and memory by their profiles. */
    @Override
    public Map<String, Usage> usageOf(long userId) {
        Set<String> running = runningInEngine(userId);
        OwnershipRepository.Totals totals = ownership.totals(userId, running, profiles.sizeOf(null));
        UserLimits.Overrides overrides = userLimits.of(userId);
        Sizes sizes = sizeLimits(overrides);
        return Map.of(
                LimitSettings.RUNNING_CONTAINERS,
                new Usage(running.size(), limitOf(overrides)),
                LimitSettings.RUNNING_CPUS,
                new Usage(totals.cpusMilli(), sizes.cpusMilli()),
                LimitSettings.RUNNING_MEMORY_BYTES,
                new Usage(totals.memoryBytes(), sizes.memoryBytes()));
    }

    private int limitOf(UserLimits.Overrides overrides) {
        return overrides.get(LimitSettings.RUNNING_CONTAINERS, limits.runningContainers());
    }
}
