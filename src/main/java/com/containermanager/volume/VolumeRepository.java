package com.containermanager.volume;

import com.containermanager.runtime.VolumeMount;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The volumes table and which containers mount which volume (container_volumes). */
@Repository
class VolumeRepository {

    private static final String COLUMNS = "id, owner_id, name, size_bytes, created_at";

    private final JdbcClient jdbc;

    VolumeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Totals(long count, long bytes) {}

    Totals totals(long ownerId) {
        return jdbc.sql(
                        "select count(*) as n, coalesce(sum(size_bytes), 0) as bytes from volumes where owner_id = :owner")
                .param("owner", ownerId)
                .query((rs, row) -> new Totals(rs.getLong("n"), rs.getLong("bytes")))
                .single();
    }

    long bytesOf(Collection<Long> owners) {
        return jdbc.sql("select coalesce(sum(size_bytes), 0) from volumes where owner_id in (:owners)")
                .param("owners", owners)
                .query(Long.class)
                .single();
    }

    List<Volume> of(long ownerId) {
        return jdbc.sql("select " + COLUMNS + " from volumes where owner_id = :owner order by name")
                .param("owner", ownerId)
                .query(VolumeRepository::volume)
                .list();
    }

    List<Volume> all() {
        return jdbc.sql("select " + COLUMNS + " from volumes order by created_at")
                .query(VolumeRepository::volume)
                .list();
    }

    Optional<Volume> find(long ownerId, String name) {
        return jdbc.sql("select " + COLUMNS + " from volumes where owner_id = :owner and name = :name")
                .param("owner", ownerId)
                .param("name", name)
                .query(VolumeRepository::volume)
                .optional();
    }

    Optional<Volume> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from volumes where id = :id")
                .param("id", id)
                .query(VolumeRepository::volume)
                .optional();
    }

    /** False when the owner has one of this name already. */
    boolean insert(Volume volume) {
        return jdbc.sql("insert into volumes (id, owner_id, name, size_bytes, created_at) "
                                + "values (:id, :owner, :name, :size, :created) on conflict do nothing")
                        .param("id", volume.id())
                        .param("owner", volume.ownerId())
                        .param("name", volume.name())
                        .param("size", volume.sizeBytes())
                        .param("created", java.sql.Timestamp.from(volume.createdAt()))
                        .update()
                > 0;
    }

    boolean mounted(UUID id) {
        return jdbc.sql("select exists (select 1 from container_volumes where volume_id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    void delete(UUID id) {
        jdbc.sql("delete from volumes where id = :id").param("id", id).update();
    }

    void recordMounts(String containerId, List<VolumeMount> mounts) {
        for (VolumeMount mount : mounts) {
            jdbc.sql("insert into container_volumes (container_id, volume_id, path, read_only) "
                            + "values (:container, :volume, :path, :ro) on conflict do nothing")
                    .param("container", containerId)
                    .param("volume", mount.volumeId())
                    .param("path", mount.path())
                    .param("ro", mount.readOnly())
                    .update();
        }
    }

    /** The mounts of these containers, by container id, each in path order. */
    Map<String, List<Volumes.Mounted>> mountsOf(Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return Map.of();
        }
        record Row(String container, Volumes.Mounted mounted) {}
        return jdbc
                .sql("select cv.container_id, v.name, cv.path, cv.read_only from container_volumes cv "
                        + "join volumes v on v.id = cv.volume_id where cv.container_id in (:ids) order by cv.path")
                .param("ids", containerIds)
                .query((rs, n) -> new Row(
                        rs.getString("container_id"),
                        new Volumes.Mounted(rs.getString("name"), rs.getString("path"), rs.getBoolean("read_only"))))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Row::container,
                        java.util.LinkedHashMap::new,
                        Collectors.mapping(Row::mounted, Collectors.toList())));
    }

    private static Volume volume(ResultSet rs, int row) throws SQLException {
        return new Volume(
                rs.getObject("id", UUID.class),
                rs.getLong("owner_id"),
                rs.getString("name"),
                rs.getLong("size_bytes"),
                rs.getTimestamp("created_at").toInstant());
    }
}
