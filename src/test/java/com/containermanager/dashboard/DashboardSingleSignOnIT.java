package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.auth.Role;
import com.containermanager.support.ApiClient;
import com.containermanager.support.Keycloak;
import com.containermanager.user.Accounts;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Single sign-on with a real Keycloak (started by the test from its server distribution, a realm with users and
 * groups imported from src/test/resources/sso/realm.json), the whole browser round trip in Chromium: the service
 * sends the browser to Keycloak, the user signs in on Keycloak's own page, Keycloak sends the browser back with a
 * code the service redeems at Keycloak's token endpoint, and the dashboard's login page receives a one-time code for
 * the bearer token.
 */
class DashboardSingleSignOnIT extends DashboardTest {

    private static final String CLIENT_SECRET = UUID.randomUUID().toString();
    private static final Pattern CODE = Pattern.compile("#sso_code=([A-Za-z0-9_-]+)");
    private static Keycloak keycloak;
    private static boolean realmImported;

    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "dashboard-sso");
        keycloak = Keycloak.start(RUN_DIR.resolve("keycloak.log"));
        registry.add("auth.oidc.providers.keycloak.name", () -> "Keycloak");
        registry.add("auth.oidc.providers.keycloak.issuer_uri", () -> keycloak.issuer("cm-test"));
        registry.add("auth.oidc.providers.keycloak.client_id", () -> "container-manager");
        registry.add("auth.oidc.providers.keycloak.client_secret", () -> CLIENT_SECRET);
    }

    @BeforeEach
    void realm() {
        if (!realmImported) {
            keycloak.awaitReady()
                    .importRealm(
                            Path.of("src", "test", "resources", "sso", "realm.json"),
                            "CLIENT_SECRET",
                            CLIENT_SECRET,
                            "REDIRECT_URI",
                            url("/login/oauth2/code/keycloak"),
                            "LOGOUT_URI",
                            url("/ui/login"));
            realmImported = true;
        }
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void aSignInThroughKeycloakMakesTheUserWithTheirGroupsAndTheNextMapsChangedGroups() {
        ApiClient.Session admin = api.newUser("admin");
        accounts.setRole(Long.parseLong(admin.userId()), Role.ADMIN);
        JsonNode providers = api.get("/auth/providers", null).json();
        assertThat(providers.get("providers").get(0).get("name").asString()).isEqualTo("Keycloak");

        driver.get(url(providers.get("providers").get(0).get("sign_in_url").asString()));
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test")));
        screenshot("sso-keycloak-login");
        driver.findElement(By.id("username")).sendKeys("ada");
        driver.findElement(By.id("password")).sendKeys("ada-secret-password");
        driver.findElement(By.id("kc-login")).click();
        ApiClient.Response first = exchange(awaitCode());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String token = first.json().get("token").asString();
        String userId = first.json().get("id").asString();

        JsonNode me = api.get("/users/me", token).json();
        assertThat(me.get("username").asString()).isEqualTo("ada");
        assertThat(me.get("role").asString()).isEqualTo("user");
        JsonNode made = api.get("/admin/users/" + userId, admin.token()).json();
        assertThat(made.get("groups")).extracting(JsonNode::asString).containsExactly("research");
        assertThat(made.get("has_password").asBoolean()).isFalse();
        assertThat(made.get("last_login_at")).isNotNull();

        // An admin's own membership, which a sign-in must keep; then Keycloak moves ada to teaching.
        String staff = api.post("/admin/groups", ApiClient.json(Map.of("name", "staff")), admin.token())
                .json()
                .get("id")
                .asString();
        assertThat(api.send(api.request("/admin/groups/" + staff + "/members/" + userId, admin.token())
                                .PUT(HttpRequest.BodyPublishers.noBody()))
                        .status())
                .isEqualTo(204);
        keycloak.setGroups("cm-test", "ada", List.of("teaching"));

        // Keycloak remembers ada's session: the second sign-in comes straight back, with the new groups claim.
        driver.get(url("/oauth2/authorization/keycloak"));
        ApiClient.Response second = exchange(awaitCode());
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("id").asString()).as("the same account").isEqualTo(userId);
        assertThat(api.get("/admin/users/" + userId, admin.token()).json().get("groups"))
                .extracting(JsonNode::asString)
                .containsExactly("staff", "teaching");
    }

    @Test
    void aSignInCodeWorksOnce() {
        driver.get(url("/oauth2/authorization/keycloak"));
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test"))
                || CODE.matcher(d.getCurrentUrl()).find());
        if (!CODE.matcher(driver.getCurrentUrl()).find()) {
            driver.findElement(By.id("username")).sendKeys("grace");
            driver.findElement(By.id("password")).sendKeys("grace-secret-password");
            driver.findElement(By.id("kc-login")).click();
        }
        String code = awaitCode();
        assertThat(exchange(code).status()).isEqualTo(200);
        ApiClient.Response again = exchange(code);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.error()).isEqualTo("invalid or expired sign-in code");
    }

    @Test
    void signingOutEndsTheSessionAtKeycloakToo() {
        driver.get(url("/oauth2/authorization/keycloak"));
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test"))
                || CODE.matcher(d.getCurrentUrl()).find());
        if (!CODE.matcher(driver.getCurrentUrl()).find()) {
            driver.findElement(By.id("username")).sendKeys("grace");
            driver.findElement(By.id("password")).sendKeys("grace-secret-password");
            driver.findElement(By.id("kc-login")).click();
        }
        assertThat(exchange(awaitCode()).status()).isEqualTo(200);

        driver.get(url("/auth/logout/keycloak"));
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test")));
        // Without an ID token to name the session, Keycloak asks before it ends it.
        driver.findElement(By.id("kc-logout")).click();
        until(d -> d.getCurrentUrl().startsWith(url("/ui/login")));

        // Ended there: the next sign-in asks for the password again.
        driver.get(url("/oauth2/authorization/keycloak"));
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test")));
        assertThat(driver.findElement(By.id("password")).isDisplayed()).isTrue();
    }

    /** The one-time code the service put in the fragment of the dashboard's login page. */
    private String awaitCode() {
        until(d -> CODE.matcher(d.getCurrentUrl()).find() || d.getCurrentUrl().contains("sso_error="));
        String url = driver.getCurrentUrl();
        assertThat(url).as(URLDecoder.decode(url, StandardCharsets.UTF_8)).doesNotContain("sso_error=");
        assertThat(url).startsWith(url("/ui/login#"));
        Matcher matcher = CODE.matcher(url);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private ApiClient.Response exchange(String code) {
        return api.post("/users/login/sso", ApiClient.json(Map.of("code", code)), null);
    }
}
