package com.containermanager.limits;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user overrides of the limits, set by admins: a user's value for a limit replaces the installation's setting
 * (0 turns it off for that user). Read where a limit is checked, one primary-key lookup, uncached: a change holds
 * from the next check on, on every instance. Only within a transaction that holds the user's lock is a read kept
 * (for the transaction's next checks, such as a creation's and its job's): no other transaction can change the
 * overrides meanwhile, since a change takes that lock too.
 */
@Component
public class UserLimits {

    /** The limits that can be overridden, by the names /users/me reports them under. */
    public static final Set<String> NAMES = Set.of(
            LimitSettings.CONTAINERS,
            LimitSettings.RUNNING_CONTAINERS,
            LimitSettings.UNFINISHED_JOBS,
            LimitSettings.CREATIONS_PER_MINUTE,
            LimitSettings.OPERATIONS_PER_MINUTE,
            LimitSettings.FILES,
            LimitSettings.STORAGE_BYTES,
            // CPUs (in thousandths: 1500 is 1.5 CPUs, as usage counts them) and memory of the running containers
            LimitSettings.RUNNING_CPUS,
            LimitSettings.RUNNING_MEMORY_BYTES,
            LimitSettings.VOLUMES,
            LimitSettings.VOLUME_BYTES,
            // personal API tokens not yet expired (auth.tokens.max_per_user)
            "tokens",
            // the slot kinds
            "log_follows",
            "stats_streams",
            "event_streams",
            "consoles",
            "execs");

    private static final TypeReference<Map<String, Long>> VALUES = new TypeReference<>() {};
    /** A map of names to numbers needs none of the application's JSON settings. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final UserLock lock;

    UserLimits(JdbcClient jdbc, UserLock lock) {
        this.jdbc = jdbc;
        this.lock = lock;
    }

    /** A user's overrides; {@link Overrides#get} falls back to the installation's setting. */
    public record Overrides(Map<String, Long> values) {
        public static final Overrides NONE = new Overrides(Map.of());

        public Overrides {
            values = Map.copyOf(values);
        }

        public long get(String name, long configured) {
            return values.getOrDefault(name, configured);
        }

        public int get(String name, int configured) {
            return (int) Math.min(Integer.MAX_VALUE, values.getOrDefault(name, (long) configured));
        }
    }

    public Overrides of(long userId) {
        if (!lock.heldInThisTransaction(userId)) {
            return read(userId);
        }
        return keptInThisTransaction().computeIfAbsent(userId, this::read);
    }

    private Overrides read(long userId) {
        return jdbc.sql("select limits from user_limits where user_id = :user")
                .param("user", userId)
                .query(String.class)
                .optional()
                .map(this::parse)
                .orElse(Overrides.NONE);
    }

    public Map<Long, Overrides> of(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Overrides> found = new HashMap<>();
        jdbc.sql("select user_id, limits from user_limits where user_id in (:users)")
                .param("users", userIds)
                .query((rs, n) -> found.put(rs.getLong("user_id"), parse(rs.getString("limits"))))
                .list();
        return found;
    }

    /**
     * Sets the given overrides (a null value removes one, so the setting applies again); names must be among
     * {@link #NAMES} and values 0 or more, which the caller checks. Serialised with the user's limit checks.
     */
    @Transactional
    public Overrides change(long userId, Map<String, @Nullable Long> changes) {
        lock.lock(userId);
        Map<String, Long> values = new HashMap<>(of(userId).values());
        changes.forEach((name, value) -> {
            if (value == null) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
        });
        if (values.isEmpty()) {
            jdbc.sql("delete from user_limits where user_id = :user")
                    .param("user", userId)
                    .update();
        } else {
            jdbc.sql("insert into user_limits (user_id, limits) values (:user, cast(:limits as jsonb)) "
                            + "on conflict (user_id) do update set limits = excluded.limits")
                    .param("user", userId)
                    .param("limits", JSON.writeValueAsString(values))
                    .update();
        }
        Overrides changed = new Overrides(values);
        keptInThisTransaction().put(userId, changed);
        return changed;
    }

    /** The overrides read under the user's lock in this transaction. */
    private static Map<Long, Overrides> keptInThisTransaction() {
        return TransactionKept.get(KeptOverrides.class, KeptOverrides::new).users;
    }

    private static final class KeptOverrides implements TransactionSynchronization {
        final Map<Long, Overrides> users = new HashMap<>();
    }

    public static List<String> sortedNames() {
        return NAMES.stream().sorted().toList();
    }

    private Overrides parse(String stored) {
        return new Overrides(JSON.readValue(stored, VALUES));
    }
}
