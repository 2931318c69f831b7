package com.containermanager.sso;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hand-over from a finished sign-in to the dashboard: a one-time code that travels in the URL's fragment (never
 * sent to a server, nor kept in its logs) and is exchanged, once and within a minute, for a bearer token. Only its
 * hash is stored; any instance takes it.
 */
@Component
class SignInCodes {

    static final Duration LIFETIME = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    SignInCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    String issue(long userId) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("insert into sign_in_codes (code_hash, user_id) values (:hash, :user)")
                .param("hash", DatabaseAuthorizationRequests.hash(code))
                .param("user", userId)
                .update();
        return code;
    }

    /** The user the code was issued to, if it is fresh and unused; it is used up either way. */
    Optional<Long> exchange(String code) {
        return jdbc.sql("delete from sign_in_codes where code_hash = :hash returning user_id, "
                        + "created_at > now() - cast(:lifetime as interval) as fresh")
                .param("hash", DatabaseAuthorizationRequests.hash(code))
                .param("lifetime", LIFETIME.toSeconds() + " seconds")
                .query((rs, n) -> rs.getBoolean("fresh") ? rs.getLong("user_id") : null)
                .optional();
    }
}
