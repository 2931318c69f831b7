package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Issue 21, point 1: the table's bulk buttons act on the selected rows the user can see, and on no other. A filter
 * that hides a selected row unselects it; the confirmation names every container that goes.
 */
class DashboardBulkActionsIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void selectAllThenFilterDeletesExactlyTheVisibleContainers(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("bulk");
        List<String> doomed = List.of(
                createContainer(user, List.of("sh", "-c", "echo doomed; " + EXITS_ON_TERM)),
                createContainer(user, List.of("sh", "-c", "echo doomed; " + EXITS_ON_TERM)),
                createContainer(user, List.of("sh", "-c", "echo doomed; " + EXITS_ON_TERM)));
        List<String> kept = List.of(
                createContainer(user, List.of("sh", "-c", "echo kept; " + EXITS_ON_TERM)),
                createContainer(user, List.of("sh", "-c", "echo kept; " + EXITS_ON_TERM)));

        openAs(user, "/ui/containers");
        until(d -> "5".equals(find("containers-table").getDomAttribute("data-count")));
        find("select-all").click();
        assertThat(find("selected-count").getText()).isEqualTo("5 selected");

        // Filtering hides two selected rows: they leave the selection, and the bar says what is left.
        type("filter", "doomed");
        until(d -> "3".equals(find("containers-table").getDomAttribute("data-count")));
        assertThat(find("selected-count").getText()).isEqualTo("3 selected");
        assertThat(find("containers-count").getText()).isEqualTo("3 of 5 containers");
        screenshot("containers-bulk-filtered");

        // The confirmation names exactly the three visible containers.
        find("bulk-delete").click();
        List<String> named = find("confirm-items").findElements(By.tagName("li")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(named).containsExactlyInAnyOrderElementsOf(namesOf(user, doomed));
        assertThat(find("confirm-dialog").getText()).contains("These 3 containers will be removed");
        screenshot("containers-bulk-confirm");
        find("confirm-ok").click();

        until(d -> "0".equals(find("containers-table").getDomAttribute("data-count")));
        // Counted on the engine: the three are gone, the two hidden ones are there.
        assertThat(EngineFixture.containersLabelled(TEST_LABEL, RUN_ID)).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(ids(api.get("/containers", user.token()).json())).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(awaitToast("3 containers deleted.")).isEqualTo("ok");

        // Clearing the filter shows the two, none of them selected.
        type("filter", "");
        until(d -> "2".equals(find("containers-table").getDomAttribute("data-count")));
        assertThat(driver.findElements(testid("selected-count"))).isEmpty();
        assertAccessible("the containers after a bulk delete");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void bulkStartActsOnTheSelectionOnly(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("bulkstart");
        String first = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        String second = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        String untouched = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));

        openAs(user, "/ui/containers");
        awaitRowStatus(untouched, "created");
        row(first).findElement(testid("row-select")).click();
        row(second).findElement(testid("row-select")).click();
        assertThat(find("selected-count").getText()).isEqualTo("2 selected");

        find("bulk-start").click();
        awaitRowStatus(first, "running");
        awaitRowStatus(second, "running");
        assertThat(row(untouched).getDomAttribute("data-status")).isEqualTo("created");
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(untouched)
                        .exec()
                        .getState()
                        .getRunning())
                .isFalse();
    }

    private List<String> namesOf(ApiClient.Session user, List<String> containerIds) {
        JsonNode all = api.get("/containers", user.token()).json();
        return containerIds.stream()
                .map(id -> {
                    for (JsonNode c : all) {
                        if (c.get("id").asString().equals(id)) {
                            return c.get("name").asString();
                        }
                    }
                    throw new AssertionError("no container " + id);
                })
                .toList();
    }

    private static List<String> ids(JsonNode containers) {
        List<String> out = new java.util.ArrayList<>();
        containers.forEach(c -> out.add(c.get("id").asString()));
        return out;
    }
}
