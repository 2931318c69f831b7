package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class UserIT extends IntegrationTest {

    @Autowired
    SecretKey signingKey;

    @Autowired
    JdbcClient jdbc;

    private static String credentials(String username, String password) {
        return ApiClient.json(java.util.Map.of("username", username, "password", password));
    }

    private static String uniqueName() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldRegisterAndLogIn() {
        String name = uniqueName();
        ApiClient.Response registered = api.post("/users", credentials(name, "correct-horse"), null);

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.json().get("username").asString()).isEqualTo(name);
        String id = registered.json().get("id").asString();
        assertThat(Long.parseLong(id)).isPositive();

        ApiClient.Response login = api.post("/users/login", credentials(name, "correct-horse"), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("id").asString()).isEqualTo(id);
        assertThat(api.get("/containers", login.json().get("token").asString()).status())
                .isEqualTo(200);

        String stored = jdbc.sql("select password_hash from users where id = :id")
                .param("id", Long.parseLong(id))
                .query(String.class)
                .single();
        assertThat(stored).startsWith("$2").doesNotContain("correct-horse");
    }

    @Test
    void shouldRefuseATakenUsernameAlsoInAnotherCase() {
        String name = uniqueName();
        assertThat(api.post("/users", credentials(name, "correct-horse"), null).status())
                .isEqualTo(200);

        ApiClient.Response same = api.post("/users", credentials(name, "another-pass"), null);
        ApiClient.Response upper = api.post("/users", credentials(name.toUpperCase(), "another-pass"), null);

        assertThat(same.status()).isEqualTo(409);
        assertThat(upper.status()).isEqualTo(409);
        assertThat(upper.error()).isEqualTo("username already taken");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing username    | {\"password\":\"correct-horse\"}                      | username is required",
                "empty username      | {\"username\":\"\",\"password\":\"correct-horse\"}     | username is required",
                "short username      | {\"username\":\"ab\",\"password\":\"correct-horse\"}   | username must be 3 to 64 letters, digits, '.', '_' or '-'",
                "numeric username    | {\"username\":123,\"password\":\"correct-horse\"}      | username has the wrong type",
                "array username      | {\"username\":[\"a\"],\"password\":\"correct-horse\"}  | username has the wrong type",
                "missing password    | {\"username\":\"valid-name\"}                          | password is required",
                "short password      | {\"username\":\"valid-name\",\"password\":\"short\"}   | password must be 8 to 72 bytes",
                "boolean password    | {\"username\":\"valid-name\",\"password\":true}        | password has the wrong type",
                "SQL in username     | {\"username\":\"a';drop table users;--\",\"password\":\"correct-horse\"} | username must be 3 to 64 letters, digits, '.', '_' or '-'",
                "not an object       | [1,2,3]                                                | request body must be a JSON object",
            })
    void shouldRefuseInvalidRegistrations(String label, String body, String message) {
        ApiClient.Response response = api.post("/users", body, null);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.error()).isEqualTo(message);
    }

    @Test
    void shouldRefuseAPasswordOverBcryptsLimitInsteadOfTruncatingIt() {
        ApiClient.Response response = api.post("/users", credentials(uniqueName(), "p".repeat(73)), null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("password must be 8 to 72 bytes");
    }

    @Test
    void shouldKeepTheUsersTableIntactAfterSqlMetacharacters() {
        ApiClient.Session existing = api.newUser("sql");
        api.post("/users/login", credentials("' or '1'='1", "' or '1'='1"), null);
        api.post("/users", credentials("x\"; delete from users; --", "correct-horse"), null);

        ApiClient.Response login = api.post("/users/login", credentials(existing.username(), "correct-horse"), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from users").query(Long.class).single())
                .isPositive();
    }

    @Test
    void shouldGiveTheSameAnswerForUnknownUserAndWrongPassword() {
        ApiClient.Session user = api.newUser("same-answer");

        ApiClient.Response wrongPassword =
                api.post("/users/login", credentials(user.username(), "wrong-password"), null);
        ApiClient.Response unknownUser = api.post("/users/login", credentials(uniqueName(), "wrong-password"), null);

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
        assertThat(api.post("/users/login", credentials(user.username(), "correct-horse"), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void shouldThrottleRepeatedFailuresAndRecoverAfterTheWindow() {
        ApiClient.Session user = api.newUser("throttled");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/users/login", credentials(user.username(), "wrong-password"), null)
                            .status())
                    .isEqualTo(401);
        }

        ApiClient.Response throttled = api.post("/users/login", credentials(user.username(), "correct-horse"), null);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().has("error")).isTrue();
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 2L);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.post("/users/login", credentials(user.username(), "correct-horse"), null)
                                .status()
                        == 200);
    }

    @Test
    void shouldRejectForgedTokens() throws Exception {
        ApiClient.Session user = api.newUser("forged");
        long id = Long.parseLong(user.userId());
        String[] parts = user.token().split("\\.");
        String noneHeader = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String tamperedPayload = base64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"" + id + "\"", "\"sub\":\"" + (id + 1) + "\""));

        java.util.Map<String, String> forged = new java.util.LinkedHashMap<>();
        forged.put("alg none", noneHeader + "." + parts[1] + ".");
        forged.put(
                "wrong secret",
                sign(
                        "another-secret-that-is-32-bytes-long!!".getBytes(StandardCharsets.UTF_8),
                        JWSAlgorithm.HS256,
                        Long.toString(id),
                        Instant.now().plusSeconds(600)));
        forged.put(
                "HS512 with the right key",
                sign(
                        signingKey.getEncoded(),
                        JWSAlgorithm.HS512,
                        Long.toString(id),
                        Instant.now().plusSeconds(600)));
        forged.put(
                "expired",
                sign(
                        signingKey.getEncoded(),
                        JWSAlgorithm.HS256,
                        Long.toString(id),
                        Instant.now().minus(Duration.ofHours(1))));
        forged.put("tampered payload", parts[0] + "." + tamperedPayload + "." + parts[2]);
        forged.put(
                "unknown user",
                sign(
                        signingKey.getEncoded(),
                        JWSAlgorithm.HS256,
                        "987654321987",
                        Instant.now().plusSeconds(600)));
        forged.put(
                "non-numeric subject",
                sign(
                        signingKey.getEncoded(),
                        JWSAlgorithm.HS256,
                        "admin",
                        Instant.now().plusSeconds(600)));
        forged.put("garbage", "not-a-token");

        forged.forEach((label, token) -> {
            ApiClient.Response response = api.get("/containers", token);
            assertThat(response.status()).as(label).isEqualTo(401);
            assertThat(response.error()).as(label).isEqualTo("unauthorized");
        });
        ApiClient.Response basic = api.send(api.request("/containers", null)
                .header("Authorization", "Basic YTpi")
                .GET());
        assertThat(basic.status()).isEqualTo(401);
        assertThat(api.get("/containers", user.token()).status())
                .as("the genuine token still works")
                .isEqualTo(200);
    }

    private static String sign(byte[] key, JWSAlgorithm algorithm, String subject, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(expires.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(algorithm == JWSAlgorithm.HS512 ? pad(key, 64) : key));
        return jwt.serialize();
    }

    private static byte[] pad(byte[] key, int length) {
        return java.util.Arrays.copyOf(key, Math.max(length, key.length));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
