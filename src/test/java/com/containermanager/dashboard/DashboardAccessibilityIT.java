package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Issue 21, point 14: row controls named with their container, focus on the new page's heading after a navigation,
 * a skip link, tabs that move with the arrow keys, and rows that keep their places under the pointer.
 */
class DashboardAccessibilityIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void rowsAreNamedFocusFollowsNavigationAndTabsTakeArrowKeys(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("a11y");
        String id = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        String name =
                api.get("/containers/" + id, user.token()).json().get("name").asString();

        openAs(user, "/ui/containers");
        awaitRowStatus(id, "created");
        assertThat(row(id).findElement(testid("row-select")).getAccessibleName())
                .isEqualTo("Select " + name);
        for (String action : List.of("start", "stop", "restart", "delete")) {
            assertThat(row(id).findElement(testid("row-" + action)).getAccessibleName())
                    .isEqualTo(Character.toUpperCase(action.charAt(0)) + action.substring(1) + " " + name);
        }

        // The skip link comes first in the Tab order, shows when focused, and leads to the page's heading.
        assertThat(js("return [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]"
                        + ".find(e => e.tabIndex >= 0 && !e.disabled).dataset.testid"))
                .isEqualTo("skip-link");
        js("arguments[0].focus()", driver.findElement(testid("skip-link")));
        assertThat(((Number) js(
                                "return arguments[0].getBoundingClientRect().top",
                                driver.findElement(testid("skip-link"))))
                        .doubleValue())
                .isGreaterThanOrEqualTo(0);
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        assertThat(js("return document.activeElement.tagName + ' ' + document.activeElement.textContent"))
                .isEqualTo("H1 Containers");

        // After a navigation, the focus is on the new page's heading.
        find("nav-files").click();
        until(d -> "H1 Files"
                .equals(js("return document.activeElement.tagName + ' ' + document.activeElement.textContent")));

        // The container's tabs: arrow keys move and select.
        openAs(user, "/ui/containers/" + id + "/logs");
        find("tab-logs").click();
        new Actions(driver).sendKeys(Keys.ARROW_RIGHT).perform();
        until(d -> d.getCurrentUrl().endsWith("/stats"));
        assertThat(find("tab-stats").getDomAttribute("aria-selected")).isEqualTo("true");
        assertThat(js("return document.activeElement.dataset.testid")).isEqualTo("tab-stats");
        new Actions(driver).sendKeys(Keys.END).perform();
        until(d -> d.getCurrentUrl().endsWith("/console"));
        new Actions(driver).sendKeys(Keys.ARROW_RIGHT).perform();
        until(d -> d.getCurrentUrl().endsWith("/logs"));
        assertAccessible("the container page");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void rowsDoNotMoveUnderThePointer(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("still");
        String first = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        String second = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        String third = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));

        openAs(user, "/ui/containers");
        until(d -> "3".equals(find("containers-table").getDomAttribute("data-count")));
        if (size == Viewport.DESKTOP) {
            find("sort-status").click(); // state, running first
        } else {
            type("filter", ""); // the phone's header has the state column too
            find("sort-status").click();
        }
        List<String> before = order();
        String last = before.getLast();

        // The pointer rests on the rows while the last one starts elsewhere: it would sort first, but stays put.
        new Actions(driver).moveToElement(row(before.getFirst())).perform();
        assertThat(api.patch("/containers/" + last + "/start", user.token()).status())
                .isEqualTo(200);
        awaitRowStatus(last, "running");
        assertThat(order()).isEqualTo(before);

        // The pointer leaves: now it sorts.
        new Actions(driver).moveToElement(find(By.tagName("h1"))).perform();
        until(d -> order().getFirst().equals(last));
        assertThat(List.of(first, second, third)).containsAll(order());
    }

    private List<String> order() {
        return driver.findElements(By.cssSelector("[data-testid='containers-viewport'] .vt-row[data-id]")).stream()
                .filter(WebElement::isDisplayed)
                .sorted(Comparator.comparingInt(r -> Integer.parseInt(r.getDomAttribute("aria-rowindex"))))
                .map(r -> r.getDomAttribute("data-id"))
                .toList();
    }
}
