package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.WindowType;

/**
 * Issue 21, point 9: one login serves every tab of the browser (the session cookie, which the page cannot read,
 * buys each tab its token), and logging out ends it for the tabs to come.
 */
class DashboardSessionIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aSecondTabIsLoggedInAndLogOutEndsTheBrowsersSession(Viewport size) {
        use(size);
        String username = "tabs-" + UUID.randomUUID().toString().substring(0, 8);
        driver.get(url("/ui/login"));
        find("tab-register").click();
        type("username", username);
        type("password", "correct-horse");
        find("login-submit").click();
        until(d -> d.getCurrentUrl().endsWith("/ui/containers"));
        assertThat(js("return document.cookie")).isEqualTo(""); // HttpOnly: no script sees the session
        String first = driver.getWindowHandle();

        // A new tab, as "open in new tab" on a container link does: logged in, no login page.
        driver.switchTo().newWindow(WindowType.TAB);
        use(size);
        driver.get(url("/ui/jobs"));
        until(d -> d.getCurrentUrl().endsWith("/ui/jobs"));
        find("jobs-table");
        // (on a phone the name is not shown, for room; it is in the page)
        assertThat(driver.findElement(testid("current-user")).getDomProperty("textContent"))
                .isEqualTo(username);
        assertAccessible("a second tab");

        // Log out there: the next new tab finds no session.
        find("logout").click();
        until(d -> d.getCurrentUrl().endsWith("/ui/login"));
        driver.close();
        driver.switchTo().window(first);
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url("/ui/files"));
        until(d -> d.getCurrentUrl().endsWith("/ui/login"));
        driver.close();
        driver.switchTo().window(first);
    }
}
