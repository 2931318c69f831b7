package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/** The table's bulk buttons act on the selected rows and on no other. */
class DashboardBulkActionsIT extends DashboardTest {

    @Test
    void bulkStartAndDeleteActOnTheSelectionOnly() {
        ApiClient.Session user = api.newUser("bulk");
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

        find("bulk-delete").click();
        find("confirm-ok").click();
        until(d -> d.findElements(By.cssSelector("[data-testid='containers-viewport'] [data-id='" + first + "']"))
                        .isEmpty()
                && d.findElements(By.cssSelector("[data-testid='containers-viewport'] [data-id='" + second + "']"))
                        .isEmpty());
        JsonNode left = api.get("/containers", user.token()).json();
        assertThat(left.size()).isEqualTo(1);
        assertThat(left.get(0).get("id").asString()).isEqualTo(untouched);
        for (String gone : List.of(first, second)) {
            assertThatThrownBy(() ->
                            EngineFixture.docker().inspectContainerCmd(gone).exec())
                    .isInstanceOf(NotFoundException.class);
        }
        assertThat(row(untouched).getDomAttribute("data-status")).isEqualTo("created");
    }
}
