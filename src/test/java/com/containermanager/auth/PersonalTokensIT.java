package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Personal API tokens against the real service: scopes hold, revocation and expiry end a token, secrets stay hashed. */
class PersonalTokensIT extends IntegrationTest {

    private static final String CREATE = "{\"image\": \"" + TEST_IMAGE + "\", \"cmd\": [\"true\"]}";

    @Test
    void aTokenWithoutContainersWriteCannotCreateOneWithItCanAndAfterRevokeNothingCan() {
        ApiClient.Session user = api.newUser("tokens");
        String readOnly =
                token(user, List.of("containers:read"), "30d").get("token").asString();
        JsonNode writer = token(user, List.of("containers:read", "containers:write", "jobs:read"), "30d");
        String writeToken = writer.get("token").asString();

        ApiClient.Response refused = api.post("/containers", CREATE, readOnly);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("missing scope: containers:write");
        assertThat(api.get("/containers", readOnly).status()).as("it reads").isEqualTo(200);

        ApiClient.Response created = api.post("/containers", CREATE, writeToken);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(api.get("/jobs/" + created.json().get("job_id").asString(), writeToken)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/files", writeToken).error()).isEqualTo("missing scope: files:read");

        assertThat(api.delete("/users/me/tokens/" + writer.get("id").asString(), user.token())
                        .status())
                .isEqualTo(204);
        ApiClient.Response revoked = api.post("/containers", CREATE, writeToken);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(api.get("/containers", writeToken).status()).isEqualTo(401);
        assertThat(api.get("/containers", readOnly).status())
                .as("the other token lives on")
                .isEqualTo(200);
        assertThat(api.delete("/users/me/tokens/" + writer.get("id").asString(), user.token())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anExpiredTokenFails() {
        ApiClient.Session user = api.newUser("expiry");
        String token =
                token(user, List.of("containers:read"), "2s").get("token").asString();
        assertThat(api.get("/containers", token).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/containers", token).status() == 401);
        assertThat(api.get("/users/me/tokens", user.token())
                        .json()
                        .get(0)
                        .get("expired")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void theSecretIsAnsweredOnceAndTheListShowsLastUse() {
        ApiClient.Session user = api.newUser("listing");
        JsonNode made = token(user, List.of("files:read"), null);
        String secret = made.get("token").asString();
        assertThat(secret).startsWith("cm_pat_");
        assertThat(api.get("/files", secret).status()).isEqualTo(200);

        ApiClient.Response listed = api.get("/users/me/tokens", user.token());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain(secret.substring(7));
        JsonNode row = listed.json().get(0);
        assertThat(row.get("name").asString()).isEqualTo("ci");
        assertThat(row.get("scopes").get(0).asString()).isEqualTo("files:read");
        assertThat(row.get("last_used_at")).as("set by the use above").isNotNull();
        assertThat(api.get("/users/me", secret).status())
                .as("any token reads its own account")
                .isEqualTo(200);
    }

    @Test
    void tokensAreManagedWithALoginTokenAndWithinTheCallersScopes() {
        ApiClient.Session user = api.newUser("rules");
        String token =
                token(user, List.of("containers:read"), "1d").get("token").asString();

        ApiClient.Response withToken = api.post(
                "/users/me/tokens", ApiClient.json(Map.of("name", "x", "scopes", List.of("containers:read"))), token);
        assertThat(withToken.status()).isEqualTo(403);
        assertThat(withToken.error()).isEqualTo("a login token is required, not a personal token");

        ApiClient.Response admin = api.post(
                "/users/me/tokens", ApiClient.json(Map.of("name", "x", "scopes", List.of("admin"))), user.token());
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.error()).isEqualTo("missing scope: admin");

        ApiClient.Response unknown = api.post(
                "/users/me/tokens", ApiClient.json(Map.of("name", "x", "scopes", List.of("root"))), user.token());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("unknown scope: root");

        ApiClient.Response tooLong = api.post(
                "/users/me/tokens",
                ApiClient.json(Map.of("name", "x", "scopes", List.of("files:read"), "expires_in", "9999d")),
                user.token());
        assertThat(tooLong.status()).isEqualTo(400);
    }

    private JsonNode token(ApiClient.Session user, List<String> scopes, String expiresIn) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "ci", "scopes", scopes));
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        }
        ApiClient.Response made = api.post("/users/me/tokens", ApiClient.json(body), user.token());
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        return made.json();
    }
}
