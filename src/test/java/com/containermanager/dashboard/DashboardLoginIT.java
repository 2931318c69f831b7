package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Login and its error paths in the browser. A context of its own, so that the failed logins here cannot throttle
 * the shared client address of other test classes (and theirs cannot throttle these).
 */
class DashboardLoginIT extends DashboardTest {

    @DynamicPropertySource
    static void ownContext(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "dashboard-login");
        registry.add("cm.auth.throttle.address-free-failures", () -> "1000");
    }

    @Test
    void aWrongPasswordShowsTheApisMessage() {
        ApiClient.Session user = api.newUser("wrong");
        driver.get(url("/ui/login"));
        type("username", user.username());
        type("password", "not-the-password");
        find("login-submit").click();
        assertThat(find("login-error").getText()).isEqualTo("Wrong username or password.");
        assertThat(driver.getCurrentUrl()).endsWith("/ui/login");
        screenshot("login-wrong-password");
    }

    @Test
    void registrationShowsTheApisRules() {
        driver.get(url("/ui/login"));
        find("tab-register").click();
        type("username", "x");
        type("password", "correct-horse");
        find("login-submit").click();
        until(d -> "true".equals(find("username").getDomAttribute("aria-invalid")));
        assertThat(find("username").getDomAttribute("aria-describedby"))
                .contains(find("username").getDomAttribute("data-error-id"));
        assertThat(driver.findElement(org.openqa.selenium.By.id(find("username").getDomAttribute("data-error-id")))
                        .getText())
                .containsIgnoringCase("username");
    }

    @Test
    void tooManyFailuresShowTheWaitThenLetTheUserIn() {
        ApiClient.Session user = api.newUser("throttled");
        driver.get(url("/ui/login"));
        type("username", user.username());
        type("password", "not-the-password");
        // Free failures first (3 here), then 429 with Retry-After: keep failing until the page says to wait.
        for (int attempt = 0; attempt < 12 && !errorText().startsWith("Too many"); attempt++) {
            until(d -> find("login-submit").isEnabled());
            find("login-submit").click();
            until(d -> errorText().startsWith("Too many")
                    || (!errorText().isEmpty() && find("login-submit").isEnabled()));
        }
        String message = find("login-error").getText();
        assertThat(message).matches("Too many failed attempts\\. Try again in \\d+ s\\.");
        assertThat(Integer.parseInt(find("login-error").getDomAttribute("data-retry-after")))
                .isPositive();
        assertThat(find("login-submit").isEnabled()).isFalse();
        screenshot("login-throttled");

        // When the wait is over the button comes back, and the right password gets in.
        until(d -> find("login-submit").isEnabled());
        type("password", "correct-horse");
        find("login-submit").click();
        until(d -> d.getCurrentUrl().endsWith("/ui/containers"));
    }

    private String errorText() {
        var error = driver.findElements(testid("login-error"));
        return error.isEmpty() || !error.getFirst().isDisplayed()
                ? ""
                : error.getFirst().getText();
    }

    @Test
    void anExpiredSessionReturnsToTheLoginAndThenBack() {
        ApiClient.Session user = api.newUser("expired");
        // A token the service no longer accepts, as after its expiry: every call answers 401.
        openAs(new ApiClient.Session(user.userId(), user.username(), user.token() + "x"), "/ui/jobs");
        until(d -> d.getCurrentUrl().endsWith("/ui/login"));
        assertThat(find("login-notice").getText()).contains("session has expired");
        type("username", user.username());
        type("password", "correct-horse");
        find("login-submit").click();
        until(d -> d.getCurrentUrl().endsWith("/ui/jobs"));
        find("jobs-table");
    }

    @Test
    void theLanguageSwitchesAndIsRemembered() {
        ApiClient.Session user = api.newUser("lang");
        openAs(user, "/ui/containers");
        find(By.cssSelector("[data-testid='language'] option[value='zh-TW']")).click();
        until(d -> find("nav-files").getText().equals("檔案"));
        assertThat(js("return document.documentElement.lang")).isEqualTo("zh-TW");
        driver.navigate().refresh();
        until(d -> find("nav-files").getText().equals("檔案"));
        find(By.cssSelector("[data-testid='language'] option[value='en']")).click();
        until(d -> find("nav-files").getText().equals("Files"));
    }

    @Test
    void unknownPagesUnderTheDashboardAreItsOwn() {
        driver.get(url("/ui/no/such/page"));
        assertThat(find("not-found").getText()).contains("Page not found");
    }
}
