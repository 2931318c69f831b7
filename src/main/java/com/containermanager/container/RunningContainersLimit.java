package com.containermanager.container;

import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import com.containermanager.limits.UserLock;
import com.containermanager.platform.RelaxedCommits;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSummary;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * limits.running_containers. The engine knows what runs, but two starts could each read "19 running" and both
 * start. So every start claims its container in PostgreSQL under the owner's lock, for a while longer than any start
 * takes; the check counts the engine's running containers and the claims together. When the owner has no more
 * containers than the limit, nothing can pass it and the engine is not asked. A stop or delete drops the claim; a
 * container that exits by itself counts until its claim expires (CLAIM_FOR), the price of never undercounting.
 */
@Component
class RunningContainersLimit implements UsageSource {

    static final Duration CLAIM_FOR = Duration.ofSeconds(60);
    private static final Set<String> RUNNING_STATES = Set.of("running", "paused", "restarting");

    private final ContainerRuntime runtime;
    private final OwnershipRepository ownership;
    private final UserLock userLock;
    private final LimitSettings limits;
    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;

    RunningContainersLimit(
            ContainerRuntime runtime,
            OwnershipRepository ownership,
            UserLock userLock,
            LimitSettings limits,
            JdbcClient jdbc,
            RelaxedCommits relaxed) {
        this.runtime = runtime;
        this.ownership = ownership;
        this.userLock = userLock;
        this.limits = limits;
        this.jdbc = jdbc;
        this.relaxed = relaxed;
    }

    /** Claims a start of this container, or refuses it with 403 when it would pass the owner's limit. */
    void claimStart(long ownerId, String containerId) {
        int limit = limits.runningContainers();
        if (limit == 0) {
            return;
        }
        boolean askEngine = ownership.countByOwner(ownerId) > limit;
        while (!tryClaim(ownerId, containerId, limit, askEngine)) {
            askEngine = true; // the owner's containers grew past the limit meanwhile
        }
    }

    /** False when the engine must be asked after all; the engine is never asked while the lock is held. */
    private boolean tryClaim(long ownerId, String containerId, int limit, boolean askEngine) {
        Set<String> running = askEngine ? runningInEngine(ownerId) : Set.of();
        return relaxed.run(() -> {
            userLock.lock(ownerId);
            // With no more containers than the limit, even all of them running is within it.
            if (ownership.countByOwner(ownerId) > limit) {
                if (!askEngine) {
                    return false;
                }
                Set<String> counted = new HashSet<>(running);
                counted.addAll(claimed(ownerId));
                if (!counted.contains(containerId) && LimitSettings.reached(limit, counted.size())) {
                    throw new LimitReachedException(LimitSettings.RUNNING_CONTAINERS, limit);
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

    /** The container is stopped, gone, or did not start: it no longer needs its claim. */
    void release(String containerId) {
        if (limits.runningContainers() == 0) {
            return;
        }
        jdbc.sql("delete from container_start_claims where container_id = :id and " + relaxed.relaxingCondition())
                .param("id", containerId)
                .update();
    }

    private Set<String> claimed(long ownerId) {
        return Set.copyOf(jdbc.sql("select container_id from container_start_claims "
                        + "where owner_id = :owner and expires_at > now()")
                .param("owner", ownerId)
                .query(String.class)
                .list());
    }

    private Set<String> runningInEngine(long ownerId) {
        return runtime.listByOwner(ownerId).stream()
                .filter(container -> RUNNING_STATES.contains(container.state()))
                .map(ContainerSummary::id)
                .collect(Collectors.toSet());
    }

    @Override
    public Map<String, Usage> usageOf(long userId) {
        return Map.of(
                LimitSettings.RUNNING_CONTAINERS,
                new Usage(runningInEngine(userId).size(), limits.runningContainers()));
    }
}
