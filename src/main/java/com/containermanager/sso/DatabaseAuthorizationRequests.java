package com.containermanager.sso;

import com.containermanager.web.TooManyRequestsException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-ins in progress, in PostgreSQL rather than an HTTP session: the provider sends the browser back to whichever
 * instance the load balancer picks. Each is bound to the browser that began it by a random cookie, of which only a
 * hash is stored, so a provider's answer carried to another browser (a login forced on someone) is refused. Taken
 * once: the row goes when the answer arrives.
 */
@Component
class DatabaseAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final Duration WINDOW = Duration.ofMinutes(10);
    static final String COOKIE = "cm_sign_in";
    private static final String COOKIE_PATH = "/login/oauth2/";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SsoSettings settings;
    private final SecureRandom random = new SecureRandom();

    DatabaseAuthorizationRequests(JdbcClient jdbc, JsonMapper json, SsoSettings settings) {
        this.jdbc = jdbc;
        this.json = json;
        this.settings = settings;
    }

    /** The request as stored: every field a rebuilt request needs, all of them strings. */
    record Stored(
            String authorizationUri,
            String clientId,
            @Nullable String redirectUri,
            List<String> scopes,
            String state,
            Map<String, String> additionalParameters,
            Map<String, String> attributes,
            @Nullable String authorizationRequestUri) {}

    @Override
    public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        return find(request, false);
    }

    @Override
    public void saveAuthorizationRequest(
            @Nullable OAuth2AuthorizationRequest authorization,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (authorization == null) {
            removeAuthorizationRequest(request, response);
            return;
        }
        long pending = jdbc.sql(
                        "select count(*) from sign_in_requests where created_at > now() - cast(:window as interval)")
                .param("window", WINDOW.toSeconds() + " seconds")
                .query(Long.class)
                .single();
        if (pending >= settings.maxPendingSignIns()) {
            throw new TooManyRequestsException("too many sign-ins at once", Duration.ofSeconds(10));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String browser = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Stored stored = new Stored(
                authorization.getAuthorizationUri(),
                authorization.getClientId(),
                authorization.getRedirectUri(),
                List.copyOf(authorization.getScopes()),
                authorization.getState(),
                strings(authorization.getAdditionalParameters()),
                strings(authorization.getAttributes()),
                authorization.getAuthorizationRequestUri());
        jdbc.sql(
                        "insert into sign_in_requests (state, browser_hash, request) values (:state, :hash, cast(:request as jsonb))")
                .param("state", authorization.getState())
                .param("hash", hash(browser))
                .param("request", json.writeValueAsString(stored))
                .update();
        Cookie cookie = new Cookie(COOKIE, browser);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setPath(COOKIE_PATH);
        cookie.setMaxAge((int) WINDOW.toSeconds());
        // Lax: the cookie comes along on the provider's top-level redirect back, never on a cross-site subrequest.
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        return find(request, true);
    }

    private @Nullable OAuth2AuthorizationRequest find(HttpServletRequest request, boolean remove) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        String browser = cookie(request);
        if (state == null || browser == null) {
            return null;
        }
        String sql = remove
                ? "delete from sign_in_requests where state = :state and browser_hash = :hash "
                        + "and created_at > now() - cast(:window as interval) returning request::text"
                : "select request::text from sign_in_requests where state = :state and browser_hash = :hash "
                        + "and created_at > now() - cast(:window as interval)";
        return jdbc.sql(sql)
                .param("state", state)
                .param("hash", hash(browser))
                .param("window", WINDOW.toSeconds() + " seconds")
                .query(String.class)
                .optional()
                .map(text -> rebuild(json.readValue(text, Stored.class)))
                .orElse(null);
    }

    private static OAuth2AuthorizationRequest rebuild(Stored stored) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(stored.authorizationUri())
                .clientId(stored.clientId())
                .redirectUri(stored.redirectUri())
                .scopes(Set.copyOf(stored.scopes()))
                .state(stored.state())
                .additionalParameters(Map.copyOf(stored.additionalParameters()))
                .attributes(attributes -> attributes.putAll(stored.attributes()))
                .authorizationRequestUri(stored.authorizationRequestUri())
                .build();
    }

    private static @Nullable String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        return Arrays.stream(cookies)
                .filter(cookie -> COOKIE.equals(cookie.getName()))
                .map(Cookie::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Every value of an authorization request's maps is a string (state, nonce, PKCE verifier, registration id). */
    private static Map<String, String> strings(Map<String, Object> values) {
        Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }

    static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
