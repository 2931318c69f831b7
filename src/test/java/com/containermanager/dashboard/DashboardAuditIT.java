package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 21, point 10: the Jobs and Audit pages follow changes as they happen; audit entries say what happened in
 * words, name their container with a link, and can be filtered (GET /audit's filters, refused when they cannot
 * match).
 */
class DashboardAuditIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void jobsAndAuditAreLiveNamedAndFiltered(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("audit");
        String id = startedContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        String name =
                api.get("/containers/" + id, user.token()).json().get("name").asString();

        // Jobs: a job submitted elsewhere appears and completes without a reload.
        openAs(user, "/ui/jobs");
        js("window.__cmNoReload = true;");
        until(d -> rows("jobs").size() == 1);
        createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        until(d -> rows("jobs").size() == 2 && rows("jobs").getFirst().getText().contains("completed"));
        assertThat(rows("jobs").getFirst().getText()).contains("Container creation");

        // Audit: in words, by name with a link, and live.
        find("nav-audit").click();
        until(d -> rows("audit").stream().anyMatch(r -> r.getText().contains("Start")));
        WebElement started = rows("audit").stream()
                .filter(r -> r.getText().contains("Start"))
                .findFirst()
                .orElseThrow();
        WebElement link = started.findElement(testid("container-link"));
        assertThat(link.getText()).isEqualTo(name);
        assertThat(link.getDomAttribute("href")).isEqualTo("/ui/containers/" + id);
        assertThat(started.getText()).contains("done").doesNotContain("container.start");
        int before = rows("audit").size();
        assertThat(api.patch("/containers/" + id + "/stop", user.token()).status())
                .isEqualTo(200);
        until(d -> rows("audit").size() > before
                && rows("audit").getFirst().getText().contains("Stop"));
        assertNoReloadSince(driver);
        screenshot("audit-live");

        // Filters: only the stops.
        new Select(find("audit-filter-action")).selectByValue("container.stop");
        until(d -> !rows("audit").isEmpty()
                && rows("audit").stream().allMatch(r -> r.getText().contains("Stop")));
        new Select(find("audit-filter-outcome")).selectByValue("failed");
        until(d ->
                rows("audit").size() == 1 && rows("audit").getFirst().getText().contains("Nothing yet"));
        new Select(find("audit-filter-action")).selectByValue("");
        new Select(find("audit-filter-outcome")).selectByValue("");
        until(d -> rows("audit").size() > before);
        assertAccessible("the audit page with filters");

        // The API refuses filters that cannot match, with a code a client can act on.
        for (String[] bad : new String[][] {
            {"outcome=nope", "invalid_outcome"},
            {"action=Not.Valid!", "invalid_action"},
            {"since=yesterday", "invalid_since"}
        }) {
            ApiClient.Response answer = api.get("/audit?" + bad[0], user.token());
            assertThat(answer.status()).as(bad[0]).isEqualTo(400);
            assertThat(answer.json().get("code").asString()).isEqualTo(bad[1]);
        }
        assertThat(api.get("/audit?action=container.&outcome=ok&target=" + id, user.token())
                        .json())
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.get("target").asString()).isEqualTo(id));
    }

    private List<WebElement> rows(String table) {
        return driver.findElements(By.cssSelector("[data-testid='" + table + "-body'] tr"));
    }
}
