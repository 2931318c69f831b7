package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Changes made elsewhere (here: through the API, as another tab or client would) reach the open table without a
 * reload, and never clear the user's filter, sort or selection. Where the service has GET /events the update comes
 * from it; where it does not yet, the dashboard re-lists every 5 s, and the same guarantees hold.
 */
class DashboardLiveUpdateIT extends DashboardTest {

    @Test
    void anUpdateFromElsewhereKeepsFilterSortAndSelection() {
        ApiClient.Session user = api.newUser("live");
        String first = createContainer(user, List.of("sh", "-c", "echo keep-me; " + EXITS_ON_TERM));
        String second = createContainer(user, List.of("sh", "-c", "echo keep-me too; " + EXITS_ON_TERM));
        String other = createContainer(user, List.of("sh", "-c", "echo other; " + EXITS_ON_TERM));

        openAs(user, "/ui/containers");
        js("window.__cmNoReload = true;");
        awaitRowStatus(other, "created");
        String mode = eventsBuilt(user.token()) ? "live-live" : "live-polling";
        until(d -> find("live-mode").getDomAttribute("class").contains(mode));
        type("filter", "keep-me");
        find("sort-name").click(); // name, ascending
        until(d -> "2".equals(find("containers-table").getDomAttribute("data-count")));
        row(second).findElement(testid("row-select")).click();
        List<String> orderBefore = visibleIds();

        // Elsewhere: start one, create a matching one and one that does not match.
        assertThat(api.patch("/containers/" + first + "/start", user.token()).status())
                .isEqualTo(200);
        String third = createContainer(user, List.of("sh", "-c", "echo keep-me three; " + EXITS_ON_TERM));
        createContainer(user, List.of("sh", "-c", "echo not this one; " + EXITS_ON_TERM));

        awaitRowStatus(first, "running");
        until(d -> "3".equals(find("containers-table").getDomAttribute("data-count")));
        assertThat(find("filter").getDomProperty("value")).isEqualTo("keep-me");
        assertThat(find(By.cssSelector("[role='columnheader'][aria-sort='ascending'] [data-sort='name']")))
                .isNotNull();
        assertThat(row(second).findElement(testid("row-select")).isSelected()).isTrue();
        assertThat(find("selected-count").getText()).isEqualTo("1 selected");
        assertThat(visibleIds()).containsAll(orderBefore).contains(third).doesNotContain(other);
        // Rows keep their places while the pointer is on them (issue 21); once it leaves, the sort applies.
        new org.openqa.selenium.interactions.Actions(driver)
                .moveToElement(find(By.tagName("h1")))
                .perform();
        until(d -> {
            List<String> shown = visibleNames();
            return shown.equals(js(
                    "return arguments[0].slice().sort(new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'}).compare)",
                    shown));
        });
        List<String> names = visibleNames();
        // Names sort naturally (digit runs as numbers: many-2 before many-10), as the browser's collator does.
        assertThat(names)
                .isEqualTo(js(
                        "return arguments[0].slice().sort(new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'}).compare)",
                        names));
        assertNoReloadSince(driver);
    }

    /** With GET /events (stage two) the table says it is live; skipped until that endpoint exists. */
    @Test
    void eventsMakeTheTableLive() {
        ApiClient.Session user = api.newUser("events");
        assumeEndpoint("GET", "/events", user.token());
        String id = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        openAs(user, "/ui/containers");
        until(d -> find("live-mode").getDomAttribute("class").contains("live-live"));
        type("filter", "status:running");
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        awaitRowStatus(id, "running");
        assertThat(find("filter").getDomProperty("value")).isEqualTo("status:running");
    }

    private List<String> visibleIds() {
        return rows().stream().map(r -> r.getDomAttribute("data-id")).toList();
    }

    private List<String> visibleNames() {
        return rows().stream()
                .map(r -> r.findElement(testid("row-name")).getText())
                .toList();
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("[data-testid='containers-viewport'] .vt-row[data-id]")).stream()
                .filter(WebElement::isDisplayed)
                .sorted(java.util.Comparator.comparingInt(r -> Integer.parseInt(r.getDomAttribute("aria-rowindex"))))
                .toList();
    }
}
