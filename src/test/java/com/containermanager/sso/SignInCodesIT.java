package com.containermanager.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A sign-in's one-time code: traded once for a bearer token, never twice. (The round trip: DashboardSingleSignOnIT.) */
class SignInCodesIT extends IntegrationTest {

    @Autowired
    SignInCodes codes;

    @Test
    void aCodeWorksOnce() {
        ApiClient.Session user = api.newUser("signed-in");
        String code = codes.issue(Long.parseLong(user.userId()));

        ApiClient.Response first = api.post("/users/login/sso", ApiClient.json(Map.of("code", code)), null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("username").asString()).isEqualTo(user.username());
        assertThat(api.get("/users/me", first.json().get("token").asString()).status())
                .isEqualTo(200);

        ApiClient.Response again = api.post("/users/login/sso", ApiClient.json(Map.of("code", code)), null);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.error()).isEqualTo("invalid or expired sign-in code");
        assertThat(api.post("/users/login/sso", "{}", null).status()).isEqualTo(400);
    }
}
