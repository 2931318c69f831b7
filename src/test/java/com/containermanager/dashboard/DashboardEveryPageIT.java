package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every page at both sizes (issue 21, point 3, and the accessibility check): no page is wider than the viewport,
 * axe-core finds nothing serious or critical, and on a phone every row's actions are on the screen and reachable.
 * Also writes the screenshots of docs/screenshots/ at both sizes.
 */
class DashboardEveryPageIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void everyPageFitsTheViewportAndPassesAxe(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("pages");
        String running = startedContainer(user, List.of("sh", "-c", "echo hello from the page tour; " + EXITS_ON_TERM));
        createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        assertThat(api.upload(user.token(), "notes.txt", "notes\n".getBytes()).status())
                .isEqualTo(200);
        String gone = createContainer(user, List.of("true"));
        assertThat(api.delete("/containers/" + gone, user.token()).status()).isEqualTo(200);

        driver.get(url("/ui/login"));
        check("login", "login");
        find("tab-register").click();
        check("register", "login-register");

        openAs(user, "/ui/containers");
        until(d -> "2".equals(find("containers-table").getDomAttribute("data-count")));
        check("containers", "containers");
        if (size == Viewport.PHONE) {
            // Every row action is on the screen and is what a tap there reaches.
            for (WebElement button : driver.findElements(
                    By.cssSelector("[data-testid='containers-viewport'] .vt-row:not([hidden]) button[data-action]"))) {
                assertThat(js(
                                "const r = arguments[0].getBoundingClientRect();"
                                        + " return r.left >= 0 && r.right <= innerWidth"
                                        + " && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === arguments[0];",
                                button))
                        .as(button.getAccessibleName())
                        .isEqualTo(true);
            }
        }
        find("new-container").click();
        check("create", "create");

        openAs(user, "/ui/containers/" + running + "/logs");
        until(d -> find("log-viewport").getText().contains("hello from the page tour"));
        check("container logs", "container-logs");
        find("tab-stats").click();
        until(d -> {
            String samples = find("panel-stats").getDomAttribute("data-samples");
            return samples != null && Integer.parseInt(samples) >= 3;
        });
        check("container stats", null);
        find("tab-console").click();
        find("console-connect").click();
        until(d -> "connected".equals(find("console").getDomAttribute("data-state")));
        js("arguments[0].terminal.paste('echo hi\\r')", find("console"));
        check("container console", "container-console");

        openAs(user, "/ui/containers/" + gone);
        find("container-gone");
        check("a deleted container", null);

        openAs(user, "/ui/files");
        find(By.cssSelector("[data-testid='file-row'][data-name='notes.txt']"));
        check("files", "files");
        find("nav-jobs").click();
        until(d -> !d.findElements(testid("jobs-row")).isEmpty());
        check("jobs", "jobs");
        find("nav-audit").click();
        until(d -> !d.findElements(testid("audit-row")).isEmpty());
        check("audit", "audit");
        driver.get(url("/ui/no/such/page"));
        find("not-found");
        check("not found", null);

        // The other language too, on the busiest page.
        openAs(user, "/ui/containers");
        find(By.cssSelector("[data-testid='language'] option[value='zh-TW']")).click();
        until(d -> find("nav-files").getText().equals("檔案"));
        check("containers in zh-TW", "containers-zh-TW");
        find(By.cssSelector("[data-testid='language'] option[value='en']")).click();
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        check("containers, dark", "containers-dark");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    private void check(String what, String screenshot) {
        assertFitsViewport(what);
        assertAccessible(what);
        if (screenshot != null) {
            screenshot(screenshot);
        }
    }
}
