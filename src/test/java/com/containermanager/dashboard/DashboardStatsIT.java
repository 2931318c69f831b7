package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 21, point 6: the charts have axes with units and a time scale, memory is drawn on its own scale (not against
 * the limit), the last minutes are still there when the tab or the page is opened again, and "1 process".
 */
class DashboardStatsIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void chartsHaveAxesUnitsAndTimeAndKeepTheirHistory(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("charts");
        assumeEndpoint("GET", "/containers/" + NOBODYS_CONTAINER + "/stats", user.token());
        String id = startedContainer(user, List.of("sleep", "3600")); // one process

        openAs(user, "/ui/containers/" + id + "/stats");
        until(d -> samples() >= 4);
        List<String> cpuTicks = ticks("chart-cpu");
        List<String> memoryTicks = ticks("chart-memory");
        assertThat(cpuTicks).anyMatch(t -> t.endsWith(" %"));
        assertThat(memoryTicks).anyMatch(t -> t.matches("[\\d.]+ (KiB|MiB)"));
        assertThat(memoryTicks).anyMatch(t -> t.matches("\\d{1,2}:\\d{2}.*")); // the time axis
        // Memory on its own scale: the top of the axis is near what is used, far below the 1 GiB limit.
        long top = Long.parseLong(
                find(By.cssSelector("[data-testid='chart-memory'] svg")).getDomAttribute("data-top"));
        assertThat(top).isLessThan(64L * 1024 * 1024);
        assertThat(find("stats-memory").getText()).contains("limit");
        assertThat(find("stats-extra").getText()).contains("1 process ·");
        screenshot("container-stats");

        // Another tab and back, then another page and back, then a reload: the samples are there at once (read as
        // the panel appears, before a second sample could come).
        int before = samples();
        find("tab-logs").click();
        find("tab-stats").click();
        assertThat(samples()).isGreaterThanOrEqualTo(before);
        find(By.cssSelector("a[href='/ui/containers']")).click();
        find("containers-table");
        driver.navigate().back();
        assertThat(samples()).isGreaterThanOrEqualTo(before);
        driver.navigate().refresh();
        assertThat(samples()).isGreaterThanOrEqualTo(before);
        assertThat(find("stats-history").getText()).contains("kept in this browser");

        // A restart does not end the charts: samples go on coming.
        int beforeRestart = samples();
        assertThat(api.patch("/containers/" + id + "/restart", user.token()).status())
                .isEqualTo(200);
        until(d -> samples() >= beforeRestart + 3);
        assertAccessible("the stats tab");
    }

    /** The samples the charts hold, read as soon as the panel has drawn. */
    private int samples() {
        return until(d -> {
            String value = find("panel-stats").getDomAttribute("data-samples");
            return value == null ? null : Integer.parseInt(value);
        });
    }

    private List<String> ticks(String chart) {
        return driver.findElements(By.cssSelector("[data-testid='" + chart + "'] text.chart-tick")).stream()
                .map(WebElement::getText)
                .toList();
    }
}
