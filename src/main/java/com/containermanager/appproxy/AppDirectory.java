package com.containermanager.appproxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ports and their access levels in PostgreSQL (a port without a row is {@code owner}), and the app an app host names.
 * What a host resolves to is cached for {@link #CACHED}: a changed access level, a deleted container, holds on every
 * instance within that time. It reads the container's row and its owner's name (the container and user modules'
 * tables) in one query, as the proxy needs them on every new host.
 */
@Repository
class AppDirectory {

    static final Duration CACHED = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final AppHosts hosts;
    private final Cache<String, Optional<AppTarget>> byHost =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHED).build();

    AppDirectory(JdbcClient jdbc, AppProxySettings settings) {
        this.jdbc = jdbc;
        this.hosts = new AppHosts(settings.domain());
    }

    AppHosts hosts() {
        return hosts;
    }

    /** The app this host names, when the host is exactly that app's (see {@link AppHosts}). */
    Optional<AppTarget> resolve(String host) {
        String key = host.toLowerCase(java.util.Locale.ROOT);
        return byHost.get(key, h -> {
            AppHosts.Named named = hosts.parse(h);
            if (named == null) {
                return Optional.empty();
            }
            List<AppTarget> found = jdbc.sql("select c.id, c.owner_id, c.name, c.profile, u.username, "
                            + "coalesce(p.access, 'owner') as access from containers c "
                            + "join users u on u.id = c.owner_id "
                            + "left join app_ports p on p.container_id = c.id and p.port = :port "
                            + "where c.id >= :prefix and c.id < :prefix || 'g' limit 2")
                    .param("prefix", named.idPrefix())
                    .param("port", named.port())
                    .query((rs, n) -> new AppTarget(
                            rs.getString("id"),
                            rs.getLong("owner_id"),
                            rs.getString("name"),
                            rs.getString("username"),
                            named.port(),
                            PortAccess.parse(rs.getString("access")),
                            rs.getString("profile")))
                    .list();
            if (found.size() != 1 || !found.getFirst().host(hosts).equals(h)) {
                return Optional.empty();
            }
            return Optional.of(found.getFirst());
        });
    }

    /** The app of this container's port (the container's id known). */
    Optional<AppTarget> target(String containerId, int port) {
        return jdbc.sql("select c.id, c.owner_id, c.name, c.profile, u.username, "
                        + "coalesce(p.access, 'owner') as access "
                        + "from containers c join users u on u.id = c.owner_id "
                        + "left join app_ports p on p.container_id = c.id and p.port = :port where c.id = :id")
                .param("id", containerId)
                .param("port", port)
                .query((rs, n) -> new AppTarget(
                        rs.getString("id"),
                        rs.getLong("owner_id"),
                        rs.getString("name"),
                        rs.getString("username"),
                        port,
                        PortAccess.parse(rs.getString("access")),
                        rs.getString("profile")))
                .optional();
    }

    /** Access levels set on this container's ports, by port. */
    Map<Integer, PortAccess> levels(String containerId) {
        Map<Integer, PortAccess> levels = new TreeMap<>();
        jdbc.sql("select port, access from app_ports where container_id = :id")
                .param("id", containerId)
                .query(rs -> {
                    levels.put(rs.getInt("port"), PortAccess.parse(rs.getString("access")));
                });
        return levels;
    }

    /** Sets a port's level; {@code owner} removes its row (the default). */
    @Transactional
    void setLevel(String containerId, int port, PortAccess access) {
        if (access == PortAccess.OWNER) {
            jdbc.sql("delete from app_ports where container_id = :id and port = :port")
                    .param("id", containerId)
                    .param("port", port)
                    .update();
        } else {
            jdbc.sql("insert into app_ports (container_id, port, access) values (:id, :port, :access) "
                            + "on conflict (container_id, port) do update set access = excluded.access")
                    .param("id", containerId)
                    .param("port", port)
                    .param("access", access.value())
                    .update();
        }
        byHost.invalidateAll();
    }
}
