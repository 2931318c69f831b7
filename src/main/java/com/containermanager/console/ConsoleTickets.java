package com.containermanager.console;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Console tickets in PostgreSQL: valid 30 s, once, for one user and one container, on whichever instance. */
@Repository
class ConsoleTickets {

    static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConsoleTickets(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Redeemed(long userId, String containerId, List<String> cmd) {}

    String issue(long userId, String containerId, List<String> cmd) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("delete from console_tickets where expires_at < now()").update();
        jdbc.sql("insert into console_tickets (ticket_hash, user_id, container_id, cmd, expires_at) "
                        + "values (:hash, :user, :container, cast(:cmd as jsonb), now() + cast(:lifetime as interval))")
                .param("hash", hash(ticket))
                .param("user", userId)
                .param("container", containerId)
                .param("cmd", json.writeValueAsString(cmd))
                .param("lifetime", LIFETIME.toSeconds() + " seconds")
                .update();
        return ticket;
    }

    /** Takes the ticket: it is gone afterwards, whether or not it was still valid. */
    Optional<Redeemed> redeem(String ticket) {
        if (ticket.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("delete from console_tickets where ticket_hash = :hash "
                        + "returning user_id, container_id, cmd::text as cmd, expires_at > now() as valid")
                .param("hash", hash(ticket))
                .query((rs, n) -> rs.getBoolean("valid")
                        ? new Redeemed(
                                rs.getLong("user_id"),
                                rs.getString("container_id"),
                                json.readValue(rs.getString("cmd"), STRINGS))
                        : null)
                .optional();
    }

    private static byte[] hash(String ticket) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(ticket.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
