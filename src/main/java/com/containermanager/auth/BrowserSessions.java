package com.containermanager.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sessions of a browser, shared by its tabs, for the dashboard: a random value in an HttpOnly, SameSite=Strict cookie
 * whose path is {@value #PATH}, so that the browser sends it there and nowhere else, and no script can read it. The
 * value only buys a bearer token at POST /users/token/refresh; no other endpoint looks at cookies, so it authorises
 * nothing by itself. Rows hold the value's SHA-256, not the value.
 */
@Component
public class BrowserSessions {

    public static final String COOKIE = "cm_session";
    public static final String PATH = "/users/token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final BrowserSessionSettings settings;
    private final Clock clock;

    BrowserSessions(JdbcClient jdbc, BrowserSessionSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens a session for the user; returns the cookie that carries it. */
    public ResponseCookie open(long userId, boolean secure) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbc.sql("insert into browser_sessions (token_hash, user_id, expires_at) values (:hash, :user, :expires)")
                .param("hash", hash(value))
                .param("user", userId)
                .param("expires", java.sql.Timestamp.from(clock.instant().plus(settings.lifetime())))
                .update();
        return cookie(value, settings.lifetime().toSeconds(), secure);
    }

    /** The user of a live session, or empty (unknown, expired, ended, or the user is gone). */
    public OptionalLong userOf(String value) {
        if (value == null || value.isBlank() || value.length() > 100) {
            return OptionalLong.empty();
        }
        return jdbc.sql("select user_id from browser_sessions where token_hash = :hash and expires_at > :now")
                .param("hash", hash(value))
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** Ends the session (log out); returns the cookie that removes it from the browser. */
    public ResponseCookie end(String value, boolean secure) {
        if (value != null && !value.isBlank() && value.length() <= 100) {
            jdbc.sql("delete from browser_sessions where token_hash = :hash")
                    .param("hash", hash(value))
                    .update();
        }
        return cookie("", 0, secure);
    }

    /** The cookie that removes a session from the browser. */
    public static ResponseCookie cleared(boolean secure) {
        return cookie("", 0, secure);
    }

    private static ResponseCookie cookie(String value, long maxAgeSeconds, boolean secure) {
        return ResponseCookie.from(COOKIE, value)
                .httpOnly(true)
                .sameSite("Strict")
                .secure(secure)
                .path(PATH)
                .maxAge(maxAgeSeconds)
                .build();
    }

    private static String hash(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
