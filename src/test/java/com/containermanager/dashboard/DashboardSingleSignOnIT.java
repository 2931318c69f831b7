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
 * the bearer token, with which it shows the containers. Logging out of the dashboard ends the session at Keycloak.
 */
class DashboardSingleSignOnIT extends DashboardTest {

    private static final String CLIENT_SECRET = UUID.randomUUID().toString();
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

        driver.get(url("/ui/login"));
        assertThat(find("sso-keycloak").getText()).isEqualTo("Sign in with Keycloak");
        screenshot("login-sso");
        find("sso-keycloak").click();
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test")));
        screenshot("sso-keycloak-login");
        signInAtKeycloak("ada", "ada-secret-password");
        String token = awaitDashboard();

        JsonNode me = api.get("/users/me", token).json();
        assertThat(me.get("username").asString()).isEqualTo("ada");
        assertThat(me.get("role").asString()).isEqualTo("user");
        String userId = me.get("id").asString();
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
        // The dashboard's own session ends (its cookie and this tab's token); Keycloak's does not.
        driver.executeCdpCommand(
                "Network.deleteCookies", Map.of("name", "cm_session", "url", url("/users/token/refresh")));
        js("sessionStorage.clear()");
        driver.get(url("/ui/login"));
        find("sso-keycloak").click();
        String second = awaitDashboard();
        assertThat(api.get("/users/me", second).json().get("id").asString())
                .as("the same account")
                .isEqualTo(userId);
        assertThat(api.get("/admin/users/" + userId, admin.token()).json().get("groups"))
                .extracting(JsonNode::asString)
                .containsExactly("staff", "teaching");
    }

    @Test
    void loggingOutEndsTheSessionAtKeycloakToo() {
        driver.get(url("/ui/login"));
        find("sso-keycloak").click();
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test"))
                || d.getCurrentUrl().endsWith("/ui/containers"));
        if (driver.getCurrentUrl().startsWith(keycloak.issuer("cm-test"))) {
            signInAtKeycloak("grace", "grace-secret-password");
        }
        awaitDashboard();

        find("logout").click();
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test")));
        // Without an ID token to name the session, Keycloak asks before it ends it.
        driver.findElement(By.id("kc-logout")).click();
        until(d -> d.getCurrentUrl().startsWith(url("/ui/login")));

        // Ended there: the next sign-in asks for the password again.
        find("sso-keycloak").click();
        until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("cm-test")));
        assertThat(driver.findElement(By.id("password")).isDisplayed()).isTrue();
    }

    private void signInAtKeycloak(String username, String password) {
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    /** The dashboard took the one-time code and is on its containers page: its bearer token. */
    private String awaitDashboard() {
        until(d -> d.getCurrentUrl().endsWith("/ui/containers")
                || d.getCurrentUrl().contains("sso_error="));
        assertThat(driver.getCurrentUrl())
                .as(URLDecoder.decode(driver.getCurrentUrl(), StandardCharsets.UTF_8))
                .endsWith("/ui/containers");
        find("containers-table");
        return (String) js("return JSON.parse(sessionStorage.getItem('cm.session')).token");
    }
}
