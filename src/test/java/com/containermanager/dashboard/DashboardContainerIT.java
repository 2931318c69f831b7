package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One container's logs at volume, and its stats. Both need stage-two endpoints (logs, stats) and are skipped until
 * those answer.
 */
class DashboardContainerIT extends DashboardTest {

    @Test
    void aHundredThousandLogLinesStayResponsiveAndSearchable() {
        ApiClient.Session user = api.newUser("loud");
        assumeEndpoint("GET", "/containers/" + NOBODYS_CONTAINER + "/logs?tail=1", user.token());
        String id =
                createContainer(user, List.of("sh", "-c", "sleep 5; seq 1 100000; echo needle-line; " + EXITS_ON_TERM));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);

        openAs(user, "/ui/containers/" + id + "/logs");
        until(d -> "100001".equals(find("log-viewport").getDomAttribute("data-lines")));
        long linesInDom =
                ((Number) js("return document.querySelectorAll('[data-testid=log-line]').length")).longValue();
        assertThat(linesInDom).isLessThan(200);
        // The page still answers at once: a script runs, and a search over all lines narrows them.
        type("log-search", "needle");
        until(d -> find("log-status").getText().startsWith("1 of 100001"));
        assertThat(find("log-viewport").getText()).contains("needle-line");
        screenshot("container-logs-100k");
    }

    @Test
    void statsDrawLiveCharts() {
        ApiClient.Session user = api.newUser("stats");
        assumeEndpoint("GET", "/containers/" + NOBODYS_CONTAINER + "/stats", user.token());
        String id = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        openAs(user, "/ui/containers/" + id + "/stats");
        until(d -> {
            String samples = find("stats-extra")
                    .findElement(org.openqa.selenium.By.xpath(".."))
                    .getDomAttribute("data-samples");
            return samples != null && Integer.parseInt(samples) >= 3;
        });
        assertThat(find("stats-memory").getText()).contains("/");
        screenshot("container-stats");
    }
}
