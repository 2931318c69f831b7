package com.containermanager.container.ownership;

import com.containermanager.runtime.ContainerSize;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Who owns which container: PostgreSQL is the authority, the engine's labels only a fast filter. */
@Repository
public class OwnershipRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS =
            "id, owner_id, name, profile, image, cmd::text as cmd, env::text as env, created_at, engine_id";
    private final JdbcClient jdbc;
    private final JsonMapper json;
    /**
     * Rows found by id, positive lookups only (a miss always asks PostgreSQL). A container's owner never changes
     * while its row exists, so a cached row names the right owner on every instance. A row deleted through another
     * instance may linger here, which is harmless: its container is gone from the engine, which answers 404 to
     * whatever this instance then asks, and this instance forgets the row too. Bounded, so a few MiB at most.
     */
    private final Cache<String, OwnedContainer> byId = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(30))
            .build();

    OwnershipRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records ownership exactly once per container and per job, however often a job is retried. */
    public void recordOnce(
            String containerId,
            long ownerId,
            UUID jobId,
            String name,
            String image,
            List<String> cmd,
            List<String> env,
            String engineId,
            String profile,
            ContainerSize size) {
        jdbc.sql("insert into containers (id, owner_id, job_id, name, image, cmd, env, engine_id, profile, "
                        + "cpus_milli, memory_bytes) values (:id, :owner, :job, :name, :image, cast(:cmd as jsonb), "
                        + "cast(:env as jsonb), :engine, :profile, :cpus, :memory) on conflict do nothing")
                .param("id", containerId)
                .param("engine", engineId)
                .param("owner", ownerId)
                .param("job", jobId)
                .param("name", name)
                .param("image", image)
                .param("cmd", json.writeValueAsString(cmd))
                .param("env", json.writeValueAsString(env))
                .param("profile", profile)
                .param("cpus", Math.round(size.cpus() * 1000))
                .param("memory", size.memoryBytes())
                .update();
    }

    /**
     * The CPUs (in thousandths) and memory of these containers of the owner's together, or of all the owner's when
     * ids is null. Rows from before profiles count at the default size given.
     */
    public Totals totals(long ownerId, @Nullable Collection<String> ids, ContainerSize defaults) {
        return totalsOf(Set.of(ownerId), ids, defaults);
    }

    /** The same over several owners' containers: the members of a group. */
    public Totals totalsOf(Collection<Long> ownerIds, @Nullable Collection<String> ids, ContainerSize defaults) {
        if (ownerIds.isEmpty() || (ids != null && ids.isEmpty())) {
            return new Totals(0, 0);
        }
        return jdbc.sql("select coalesce(sum(coalesce(cpus_milli, :cpus)), 0) as cpus, "
                        + "coalesce(sum(coalesce(memory_bytes, :memory)), 0) as memory from containers "
                        + "where owner_id in (:owners)" + (ids == null ? "" : " and id in (:ids)"))
                .param("cpus", Math.round(defaults.cpus() * 1000))
                .param("memory", defaults.memoryBytes())
                .param("owners", ownerIds)
                .param("ids", ids == null ? List.of("") : ids)
                .query((rs, n) -> new Totals(rs.getLong("cpus"), rs.getLong("memory")))
                .single();
    }

    /** CPUs in thousandths, memory in bytes. */
    public record Totals(long cpusMilli, long memoryBytes) {}

    public Optional<OwnedContainer> findOwned(String containerId, long ownerId) {
        OwnedContainer cached = byId.getIfPresent(containerId);
        if (cached != null) {
            return cached.ownerId() == ownerId ? Optional.of(cached) : Optional.empty();
        }
        Optional<OwnedContainer> found = jdbc.sql(
                        "select " + COLUMNS + " from containers where id = :id and owner_id = :owner")
                .param("id", containerId)
                .param("owner", ownerId)
                .query(this::map)
                .optional();
        found.ifPresent(row -> byId.put(containerId, row));
        return found;
    }

    /** The owner's container of this name. */
    public Optional<OwnedContainer> findOwnedByName(String name, long ownerId) {
        return jdbc.sql("select " + COLUMNS + " from containers where owner_id = :owner and name = :name")
                .param("owner", ownerId)
                .param("name", name)
                .query(this::map)
                .optional();
    }

    /** Whether the owner has a container of this name. */
    public boolean nameTaken(long ownerId, String name) {
        return jdbc.sql("select exists (select 1 from containers where owner_id = :owner and name = :name)")
                .param("owner", ownerId)
                .param("name", name)
                .query(Boolean.class)
                .single();
    }

    /** The owner's containers after the position, newest first, at most limit. */
    public List<OwnedContainer> listByOwner(long ownerId, int limit, Position after) {
        return jdbc.sql("select " + COLUMNS + " from containers "
                        + "where owner_id = :owner and (created_at, id) < (:afterTime, :afterId) "
                        + "order by created_at desc, id desc limit :limit")
                .param("owner", ownerId)
                .param("afterTime", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
                .param("afterId", after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** Those of these containers that have an ownership row. */
    public Set<String> existing(Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("select id from containers where id in (:ids)")
                .param("ids", containerIds)
                .query(String.class)
                .list());
    }

    /** A place in the newest-first order of a user's containers. */
    public record Position(Instant createdAt, String id) {
        /** Before every container. */
        public static final Position START = new Position(Instant.parse("9999-12-31T00:00:00Z"), "~");
    }

    public long countByOwner(long ownerId) {
        return jdbc.sql("select count(*) from containers where owner_id = :owner")
                .param("owner", ownerId)
                .query(Long.class)
                .single();
    }

    /** The row of this container, whoever owns it: for admins. */
    public Optional<OwnedContainer> findById(String containerId) {
        return jdbc.sql("select " + COLUMNS + " from containers where id = :id")
                .param("id", containerId)
                .query(this::map)
                .optional();
    }

    /** Every owner's containers (or one owner's, when not null) after the position, newest first, at most limit. */
    public List<OwnedContainer> listAll(@Nullable Long ownerId, int limit, Position after) {
        return jdbc.sql(
                        "select " + COLUMNS + " from containers "
                                + "where (cast(:owner as bigint) is null or owner_id = :owner) "
                                + "and (created_at, id) < (:afterTime, :afterId) order by created_at desc, id desc limit :limit")
                .param("owner", ownerId)
                .param("afterTime", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
                .param("afterId", after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** Every container id of this owner. */
    public List<String> idsOfOwner(long ownerId) {
        return jdbc.sql("select id from containers where owner_id = :owner")
                .param("owner", ownerId)
                .query(String.class)
                .list();
    }

    /** The containers these owners own together (a group's members). */
    public long countByOwners(Collection<Long> ownerIds) {
        if (ownerIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("select count(*) from containers where owner_id in (:owners)")
                .param("owners", ownerIds)
                .query(Long.class)
                .single();
    }

    public void forget(String containerId) {
        jdbc.sql("delete from containers where id = :id")
                .param("id", containerId)
                .update();
        byId.invalidate(containerId);
    }

    /** Records the engine of rows that did not know theirs (written before engine identity existed). */
    public void adoptEngine(Collection<String> containerIds, String engineId) {
        if (!containerIds.isEmpty()) {
            jdbc.sql("update containers set engine_id = :engine where id in (:ids) and engine_id is null")
                    .param("engine", engineId)
                    .param("ids", containerIds)
                    .update();
            byId.invalidateAll(containerIds);
        }
    }

    /** Ids of the rows that do not know their engine yet. */
    public List<String> withoutEngine() {
        return jdbc.sql("select id from containers where engine_id is null")
                .query(String.class)
                .list();
    }

    public void forgetAll(Collection<String> containerIds) {
        if (!containerIds.isEmpty()) {
            jdbc.sql("delete from containers where id in (:ids)")
                    .param("ids", containerIds)
                    .update();
            byId.invalidateAll(containerIds);
        }
    }

    private OwnedContainer map(ResultSet rs, int row) throws SQLException {
        return new OwnedContainer(
                rs.getString("id"),
                rs.getLong("owner_id"),
                rs.getString("name"),
                rs.getString("profile"),
                rs.getString("image"),
                json.readValue(rs.getString("cmd"), STRINGS),
                json.readValue(rs.getString("env"), STRINGS),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("engine_id"));
    }
}
