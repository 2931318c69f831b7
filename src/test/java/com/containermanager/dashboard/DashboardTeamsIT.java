package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Issue 25 in the browser: a user's API tokens page (the secret once, copied, working within its scopes, revoked),
 * and the admin pages (users, all containers, audit, groups, cluster) shown only to admins, each acting through the
 * admin API, checked on the API and the engine. Both sizes, with axe-core and the screenshots.
 */
class DashboardTeamsIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aTokenMadeOnThePageWorksWithinItsScopesUntilRevoked(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("tokens");
        openAs(user, "/ui/containers");
        find("nav-tokens").click();
        find("token-form");
        until(d -> !d.findElements(testid("token-scope-containers:read")).isEmpty());
        assertThat(driver.findElements(testid("token-scope-admin")))
                .as("no admin scope offered to a user")
                .isEmpty();
        check("the tokens page", "tokens");

        // A nameless token is refused at its field; then one that reads containers and files but cannot write.
        find("token-create").click();
        assertThat(find("field-error").getText()).isEqualTo("Enter a name for the token.");
        type("token-name", "ci-read");
        assertThat(find("token-scope-containers:read").isSelected()).isTrue();
        assertThat(find("token-scope-containers:write").isSelected()).isFalse();
        find("token-expiry").sendKeys("7 days");
        find("token-create").click();
        assertThat(find("token-once").getText()).contains("you will not see it again");
        allowClipboard();
        find("token-copy").click();
        until(d -> find("token-copied").getText().equals("Copied."));
        String copied = clipboard();
        assertThat(copied).startsWith("cm_pat_").isEqualTo(find("token-secret").getDomProperty("value"));
        check("the tokens page with a new secret", "tokens-secret");

        assertThat(api.get("/containers", copied).status()).isEqualTo(200);
        ApiClient.Response write =
                api.post("/containers", ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("true"))), copied);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.error()).isEqualTo("missing scope: containers:write");

        // The secret is gone from the page once dismissed, and never in the list; the list shows the last use.
        find("token-secret-done").click();
        assertThat(driver.findElements(testid("token-secret"))).isEmpty();
        driver.navigate().refresh();
        WebElement row = find(By.cssSelector("[data-testid='token-row'][data-name='ci-read']"));
        assertThat(row.getText())
                .contains("containers:read", "files:read", "jobs:read")
                .doesNotContain("containers:write")
                .doesNotContain(copied)
                .doesNotContain("never");
        assertThat(driver.getPageSource()).doesNotContain(copied);

        // Revoked through the confirmation: the token answers 401 at once.
        row.findElement(testid("token-revoke")).click();
        assertThat(find("confirm-items").getText()).isEqualTo("ci-read");
        find("confirm-ok").click();
        awaitToast("Token ci-read revoked.");
        until(d -> d.findElements(By.cssSelector("[data-testid='token-row'][data-name='ci-read']"))
                .isEmpty());
        assertThat(api.get("/containers", copied).status()).isEqualTo(401);
    }

    @Test
    void aNonAdminSeesNoAdminPagesAndTheApiRefusesThem() {
        ApiClient.Session user = api.newUser("plain");
        openAs(user, "/ui/containers");
        // The navigation knows the role (GET /users/me answered), and has no admin link.
        String role = until(d -> find("nav-main").getDomAttribute("data-role"));
        assertThat(role).isEqualTo("user");
        assertThat(driver.findElements(testid("nav-admin"))).isEmpty();
        assertThat(api.get("/admin/users", user.token()).status()).isEqualTo(403);
        assertThat(api.get("/admin/cluster", user.token()).status()).isEqualTo(403);

        driver.get(url("/ui/admin/users"));
        assertThat(find("admin-users-error").getText()).isEqualTo("Permission denied.");
        until(d -> find("nav-main").getDomAttribute("data-role") != null);
        assertThat(driver.findElements(testid("nav-admin"))).isEmpty();

        // The tokens page in the other language: every string of it has its translation.
        find("nav-tokens").click();
        find("token-form");
        find(By.cssSelector("[data-testid='language'] option[value='zh-TW']")).click();
        until(d -> find(By.tagName("h1")).getText().equals("API 權杖"));
        assertThat(find("token-create").getText()).isEqualTo("建立權杖");
        assertThat(find("nav-tokens").getText()).isEqualTo("權杖");
        assertAccessible("the tokens page in zh-TW");
        screenshot("tokens-zh-TW");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void anAdminManagesUsersContainersGroupsAndSeesTheCluster(Viewport size) {
        use(size);
        ApiClient.Session admin = newAdmin("boss");
        ApiClient.Session user = api.newUser("member");
        String running = startedContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        String userToken = api.post(
                        "/users/me/tokens",
                        ApiClient.json(Map.of("name", "script", "scopes", List.of("containers:read"))),
                        user.token())
                .json()
                .get("token")
                .asString();

        openAs(admin, "/ui/containers");
        tap(find("nav-admin"));
        find("admin-nav");

        // Users: found by search, suspended (its token stops), resumed, given a limit of its own.
        type("admin-users-search", user.username());
        until(d -> userRows().size() == 1 && userRows().getFirst().getText().contains(user.username()));
        check("the users page", "admin-users");
        tap(userRows().getFirst().findElement(testid("user-suspend")));
        assertThat(find("confirm-items").getText()).isEqualTo(user.username());
        tap(find("confirm-ok"));
        until(d -> "suspended"
                .equals(userRows().getFirst().findElement(testid("user-state")).getText()));
        ApiClient.Response refused = api.get("/containers", userToken);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.error()).isEqualTo("account suspended");
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(running)
                        .exec()
                        .getState()
                        .getRunning())
                .as("a suspension stops the containers")
                .isFalse();
        tap(userRows().getFirst().findElement(testid("user-resume")));
        until(d -> "active"
                .equals(userRows().getFirst().findElement(testid("user-state")).getText()));
        assertThat(api.get("/containers", userToken).status()).isEqualTo(200);

        tap(userRows().getFirst().findElement(testid("user-limits")));
        find("limits-dialog");
        type("limit-containers", "7");
        check("the limits form", "admin-limits");
        tap(find("limits-save"));
        until(d -> d.findElements(testid("limits-dialog")).isEmpty());
        until(d -> userRows().getFirst().getText().contains("1 / 7"));
        assertThat(userRows().getFirst().findElement(testid("user-overrides")).getText())
                .isEqualTo("Containers: 7");
        assertThat(api.get("/admin/users/" + user.userId(), admin.token())
                        .json()
                        .get("limits")
                        .get("containers")
                        .asLong())
                .isEqualTo(7);

        // All containers: another user's, with its owner; force stopped, as the engine says.
        assertThat(api.patch("/containers/" + running + "/start", user.token()).status())
                .isEqualTo(200);
        tap(find("admin-nav-containers"));
        WebElement row = until(d -> containerRow(running));
        assertThat(row.findElement(testid("container-owner")).getText()).isEqualTo(user.username());
        until(d -> "running".equals(statusOf(running)));
        check("all containers", "admin-containers");
        tap(until(d -> containerRow(running)).findElement(testid("admin-container-stop")));
        tap(find("confirm-ok"));
        until(d -> "exited".equals(statusOf(running)));
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(running)
                        .exec()
                        .getState()
                        .getRunning())
                .isFalse();
        assertThat(api.get("/containers/" + running, user.token())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("exited");

        // Audit: everyone's, with who did it.
        tap(find("admin-nav-audit"));
        until(d -> d.findElements(testid("admin-audit-row")).stream()
                .anyMatch(r -> r.getText().contains("Admin: suspend a user")
                        && r.getText().contains(admin.username())));
        check("the audit of everyone", "admin-audit");

        // Groups: one with budgets (CPUs entered as CPUs), and the user as a member.
        String group = "team-" + user.username();
        tap(find("admin-nav-groups"));
        type("group-name", group);
        type("group-budget-running_containers", "3");
        type("group-budget-running_cpus", "1.5");
        tap(find("group-create"));
        awaitToast("Group " + group + " created.");
        find("group-detail");
        type("member-name", user.username());
        tap(find("member-add"));
        until(d -> d.findElements(testid("group-member")).stream()
                .anyMatch(m -> m.getText().contains(user.username())));
        assertThat(find("group-usage-running_containers").getText()).isEqualTo("Running containers: 0 of 3 in use");
        assertThat(find("group-usage-running_cpus").getText()).isEqualTo("CPUs running: 0 of 1.5 in use");
        assertThat(find("group-usage-running_memory_bytes").getText())
                .isEqualTo("Memory running (bytes): 0 B in use (no budget)");
        type("group-edit-budget-running_containers", "2");
        type("group-edit-budget-running_memory_bytes", "1073741824");
        tap(find("group-budget-save"));
        until(d -> find("group-usage-running_containers").getText().equals("Running containers: 0 of 2 in use"));
        assertThat(find("group-usage-running_memory_bytes").getText())
                .isEqualTo("Memory running (bytes): 0 B of 1.0 GiB in use");
        check("the groups page", "admin-groups");
        JsonNode groups = api.get("/admin/groups", admin.token()).json();
        JsonNode made = null;
        for (JsonNode g : groups) {
            if (g.get("name").asString().equals(group)) {
                made = g;
            }
        }
        assertThat(made).as("the group, in the API").isNotNull();
        assertThat(made.get("budgets").get("running_containers").asLong()).isEqualTo(2);
        assertThat(made.get("budgets").get("running_cpus").asLong())
                .as("thousandths")
                .isEqualTo(1500);
        assertThat(made.get("budgets").get("running_memory_bytes").asLong()).isEqualTo(1073741824L);
        assertThat(made.get("members").asLong()).isEqualTo(1);

        // Cluster: this instance alive, the engine up.
        tap(find("admin-nav-cluster"));
        until(d -> Integer.parseInt(find("cluster-instances")
                        .findElement(By.tagName("strong"))
                        .getText())
                >= 1);
        assertThat(find("cluster-engine").getText()).contains("up");
        check("the cluster page", "admin-cluster");

        // Delete the user: the confirmation names what goes; the job's progress ends in completed.
        tap(find("admin-nav-users"));
        type("admin-users-search", user.username());
        until(d -> userRows().size() == 1 && userRows().getFirst().getText().contains(user.username()));
        tap(userRows().getFirst().findElement(testid("user-delete")));
        assertThat(find("confirm-items").getText()).contains(user.username(), "1 container");
        tap(find("confirm-ok"));
        until(d -> "completed".equals(find("deletion-job").getDomAttribute("data-status")));
        until(d -> userRows().stream().noneMatch(r -> r.getText().contains(user.username())));
        assertThat(api.get("/admin/users/" + user.userId(), admin.token()).status())
                .isEqualTo(404);
    }

    private List<WebElement> userRows() {
        return driver.findElements(testid("admin-users-row"));
    }

    /** The row's status, or null while the list is re-rendered without it. */
    private String statusOf(String id) {
        WebElement row = containerRow(id);
        return row == null ? null : row.findElement(testid("container-status")).getText();
    }

    private WebElement containerRow(String id) {
        return driver.findElements(testid("admin-containers-row")).stream()
                .filter(r -> id.equals(r.getDomAttribute("data-key")))
                .findFirst()
                .orElse(null);
    }

    private void check(String what, String screenshot) {
        assertFitsViewport(what);
        assertAccessible(what);
        screenshot(screenshot);
    }
}
