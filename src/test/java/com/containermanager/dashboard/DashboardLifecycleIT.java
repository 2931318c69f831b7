package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 24 on the dashboard: a running container's countdown ("stops in 1 min, idle"), the policy's warning as a
 * notice, and its "Keep running" button, which moves the stop (in both languages, at both sizes).
 */
class DashboardLifecycleIT extends DashboardTest {

    @DynamicPropertySource
    static void warnAlmostAtOnce(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "dashboard-lifecycle");
        // The stop is 90 s away, the warning 80 s before it: it comes about 10 s after the start, once the page
        // listens.
        registry.add("lifecycle.idle_stop_after", () -> "90s");
        registry.add("lifecycle.warn_before", () -> "80s");
        registry.add("lifecycle.round_interval", () -> "200ms");
        registry.add("lifecycle.activity_write_interval", () -> "200ms");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aRunningContainerCountsDownAndKeepRunningMovesItsStop(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("countdown");
        String id = startedContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        Instant before = stopsAt(user, id);

        openAs(user, "/ui/containers");
        awaitRowStatus(id, "running");
        until(d -> row(id).findElement(testid("row-lifecycle")).getText().equals("stops in 1 min, idle"));

        until(d -> !driver.findElements(By.cssSelector("[data-testid='lifecycle-notice'][data-id='" + id + "']"))
                .isEmpty());
        String notice = find("lifecycle-notice").getText();
        assertThat(notice).contains("stops in 1 min (idle).").contains("Keep running");
        screenshot("containers-stopping-soon");
        assertAccessible("the lifecycle warning");

        find("keep-running").click();
        until(d -> driver.findElements(testid("lifecycle-notice")).isEmpty());
        assertThat(stopsAt(user, id)).as("keepalive moved the stop").isAfter(before);
        assertThat(row(id).findElement(testid("row-lifecycle")).getText()).isEqualTo("stops in 1 min, idle");

        find(By.cssSelector("[data-testid='language'] option[value='zh-TW']")).click();
        until(d -> row(id).findElement(testid("row-lifecycle")).getText().equals("1 分鐘後停止（閒置）"));
        find(By.cssSelector("[data-testid='language'] option[value='en']")).click();
        assertFitsViewport("the countdown");
    }

    private Instant stopsAt(ApiClient.Session user, String id) {
        return Instant.parse(api.get("/containers/" + id, user.token())
                .json()
                .get("stops_at")
                .asString());
    }
}
