package com.containermanager.appproxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What lets a browser into an app, in PostgreSQL so that any instance honours it: single-use tickets (valid
 * {@link #TICKET_LIFETIME}, taken with one DELETE ... RETURNING), the sessions they are exchanged for (the cookie's
 * value is a random secret; only its hash is stored), and share links. Only hashes of secrets are kept. A session
 * found is cached for {@link #CACHED}, so a revoked share or a deleted container ends its sessions on every
 * instance within that time, and a request costs no query.
 */
@Repository
class AppPasses {

    static final Duration TICKET_LIFETIME = Duration.ofSeconds(30);
    static final Duration CACHED = Duration.ofSeconds(5);
    private static final int MAX_SECRET = 100;

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final Cache<String, Optional<Session>> sessions =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHED).build();

    AppPasses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who a ticket or a session lets in: a signed-in user, or a share link's visitor (user null). */
    record Pass(
            String containerId,
            int port,
            @Nullable Long userId,
            @Nullable UUID shareId) {}

    record Session(Pass pass, Instant expiresAt) {}

    record Share(UUID id, String containerId, int port, long createdBy, Instant createdAt, Instant expiresAt) {}

    record NewShare(Share share, String secret) {}

    String issueTicket(Pass pass) {
        String ticket = secret();
        jdbc.sql("delete from app_tickets where expires_at < now()").update();
        jdbc.sql("insert into app_tickets (ticket_hash, container_id, port, user_id, share_id, expires_at) "
                        + "values (:hash, :container, :port, :user, :share, now() + cast(:lifetime as interval))")
                .param("hash", hash(ticket))
                .param("container", pass.containerId())
                .param("port", pass.port())
                .param("user", pass.userId())
                .param("share", pass.shareId())
                .param("lifetime", TICKET_LIFETIME.toSeconds() + " seconds")
                .update();
        return ticket;
    }

    /** Takes the ticket: it is gone afterwards, whether or not it was still valid. */
    Optional<Pass> redeemTicket(String ticket) {
        if (ticket.isEmpty() || ticket.length() > MAX_SECRET) {
            return Optional.empty();
        }
        return jdbc.sql("delete from app_tickets where ticket_hash = :hash "
                        + "returning container_id, port, user_id, share_id, expires_at > now() as valid")
                .param("hash", hash(ticket))
                .query((rs, n) -> rs.getBoolean("valid") ? pass(rs) : null)
                .optional();
    }

    /** A new session for this pass, until {@code expiresAt}; answers the cookie's value. */
    String openSession(Pass pass, Instant expiresAt) {
        String secret = secret();
        jdbc.sql("delete from app_sessions where ctid in "
                        + "(select ctid from app_sessions where expires_at < now() limit 100)")
                .update();
        jdbc.sql("insert into app_sessions (session_hash, container_id, port, user_id, share_id, expires_at) "
                        + "values (:hash, :container, :port, :user, :share, :expires)")
                .param("hash", hash(secret))
                .param("container", pass.containerId())
                .param("port", pass.port())
                .param("user", pass.userId())
                .param("share", pass.shareId())
                .param("expires", OffsetDateTime.ofInstant(expiresAt, java.time.ZoneOffset.UTC))
                .update();
        return secret;
    }

    /**
     * The live session of this cookie value: not expired, its user (or the share's creator) active, not suspended or
     * being deleted, and when it came from a share link, the share is neither expired nor revoked.
     */
    Optional<Session> session(String cookie) {
        if (cookie.isEmpty() || cookie.length() > MAX_SECRET) {
            return Optional.empty();
        }
        return sessions.get(
                cookie,
                c -> jdbc.sql("select s.container_id, s.port, s.user_id, s.share_id, "
                                + "least(s.expires_at, sh.expires_at) as expires_at from app_sessions s "
                                + "left join app_shares sh on sh.id = s.share_id "
                                + "join users u on u.id = coalesce(s.user_id, sh.created_by) "
                                + "where s.session_hash = :hash and s.expires_at > now() and u.state = 'active' "
                                + "and (s.share_id is null or (sh.revoked_at is null and sh.expires_at > now()))")
                        .param("hash", hash(c))
                        .query((rs, n) -> new Session(
                                pass(rs),
                                rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                        .optional());
    }

    /** How many live sessions this share's visitors hold. */
    long sessionsOf(UUID shareId) {
        return jdbc.sql("select count(*) from app_sessions where share_id = :share and expires_at > now()")
                .param("share", shareId)
                .query(Long.class)
                .single();
    }

    NewShare createShare(String containerId, int port, long createdBy, Duration lifetime) {
        String secret = secret();
        UUID id = UUID.randomUUID();
        Share share = jdbc.sql("insert into app_shares (id, container_id, port, secret_hash, created_by, expires_at) "
                        + "values (:id, :container, :port, :hash, :by, now() + cast(:lifetime as interval)) "
                        + "returning id, container_id, port, created_by, created_at, expires_at")
                .param("id", id)
                .param("container", containerId)
                .param("port", port)
                .param("hash", hash(secret))
                .param("by", createdBy)
                .param("lifetime", lifetime.toMillis() + " milliseconds")
                .query(AppPasses::share)
                .single();
        return new NewShare(share, secret);
    }

    /** The container's shares neither revoked nor expired, newest first. */
    List<Share> shares(String containerId) {
        return jdbc.sql("select id, container_id, port, created_by, created_at, expires_at from app_shares "
                        + "where container_id = :container and revoked_at is null and expires_at > now() "
                        + "order by created_at desc, id")
                .param("container", containerId)
                .query(AppPasses::share)
                .list();
    }

    /** Revokes a live share of this container; false when there is none of that id. */
    boolean revokeShare(String containerId, UUID shareId) {
        boolean revoked = jdbc.sql("update app_shares set revoked_at = now() where id = :id "
                                + "and container_id = :container and revoked_at is null and expires_at > now()")
                        .param("id", shareId)
                        .param("container", containerId)
                        .update()
                > 0;
        if (revoked) {
            sessions.invalidateAll();
        }
        return revoked;
    }

    /** The live share of this link's secret. */
    Optional<Share> shareBySecret(String secret) {
        if (secret.isEmpty() || secret.length() > MAX_SECRET) {
            return Optional.empty();
        }
        return jdbc.sql("select id, container_id, port, created_by, created_at, expires_at from app_shares "
                        + "where secret_hash = :hash and revoked_at is null and expires_at > now() "
                        + "and exists (select 1 from users u where u.id = created_by and u.state = 'active')")
                .param("hash", hash(secret))
                .query(AppPasses::share)
                .optional();
    }

    private static Share share(ResultSet rs, int n) throws SQLException {
        return new Share(
                rs.getObject("id", UUID.class),
                rs.getString("container_id"),
                rs.getInt("port"),
                rs.getLong("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }

    private static Pass pass(ResultSet rs) throws SQLException {
        long user = rs.getLong("user_id");
        Long userId = rs.wasNull() ? null : user;
        return new Pass(rs.getString("container_id"), rs.getInt("port"), userId, rs.getObject("share_id", UUID.class));
    }

    private String secret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
