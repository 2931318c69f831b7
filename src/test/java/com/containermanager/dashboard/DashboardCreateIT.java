package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 21, points 4 and 12: "Create and start" is the default, and the job's progress goes step by step through the
 * image, the container and the start; form errors stand at their field, marked invalid for screen readers.
 */
class DashboardCreateIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void createStartsTheContainerByDefaultShowingEachStep(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("starter");
        openAs(user, "/ui/containers/new");
        assertThat(find("create-start").isSelected()).isTrue();
        assertThat(find("create-submit").getText()).isEqualTo("Create and start");
        type("image", TEST_IMAGE);
        type("cmd", "sh -c \"echo up; " + EXITS_ON_TERM + "\"");
        find("create-submit").click();

        until(d -> "done".equals(find("job-panel").getDomAttribute("data-start")));
        assertThat(steps()).containsExactly("pull=done", "create=done", "start=done");
        assertThat(find("job-done").getText()).isEqualTo("The container was created and is running.");
        awaitToast("The container was created and started.");
        screenshot("create-started");
        String href = find("open-container").getDomAttribute("href");
        String id = href.substring(href.lastIndexOf('/') + 1);
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(id)
                        .exec()
                        .getState()
                        .getRunning())
                .isTrue();
        assertAccessible("the create page with its job");

        // Unticked: created, not started, and the page says which.
        driver.navigate().refresh();
        find("create-start").click();
        assertThat(find("create-submit").getText()).isEqualTo("Create");
        type("image", TEST_IMAGE);
        find("create-submit").click();
        until(d -> "completed".equals(find("job-panel").getDomAttribute("data-status"))
                && d.findElements(testid("job-done")).size() == 1);
        assertThat(steps()).containsExactly("pull=done", "create=done");
        String second = find("open-container").getDomAttribute("href");
        assertThat(api.get("/containers/" + second.substring(second.lastIndexOf('/') + 1), user.token())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("created");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void errorsStandAtTheirFieldAndAreMarkedInvalid(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("forms");
        openAs(user, "/ui/containers/new");
        type("image", TEST_IMAGE);
        find("env-add").click();
        List<WebElement> keys = driver.findElements(testid("env-key"));
        List<WebElement> values = driver.findElements(testid("env-value"));
        keys.get(0).sendKeys("GOOD");
        values.get(0).sendKeys("1");
        values.get(1).sendKeys("orphan value");
        find("create-submit").click();

        WebElement secondKey = driver.findElements(testid("env-key")).get(1);
        assertThat(secondKey.getDomAttribute("aria-invalid")).isEqualTo("true");
        String error = secondKey.getDomAttribute("data-error-id");
        assertThat(secondKey.getDomAttribute("aria-describedby")).contains(error);
        assertThat(driver.findElement(By.id(error)).getText()).isEqualTo("Variable 2 has a value but no name.");
        assertThat(js("return document.activeElement === arguments[0]", secondKey))
                .isEqualTo(true);
        assertThat(driver.findElement(testid("job-panel")).isDisplayed()).isFalse();
        screenshot("create-field-error");

        // The service's refusal lands at its field too.
        secondKey.sendKeys("B");
        type("image", "Not A Valid Reference!");
        find("create-submit").click();
        until(d -> "true".equals(find("image").getDomAttribute("aria-invalid")));
        assertThat(driver.findElement(By.id(find("image").getDomAttribute("data-error-id")))
                        .getText())
                .isNotBlank();
        assertThat(driver.findElement(testid("create-error")).isDisplayed()).isFalse();
        assertAccessible("the create form with errors");

        // Registration: the API's rule at the username; a wrong password said once, not twice.
        js("sessionStorage.clear()");
        driver.get(url("/ui/login"));
        find("tab-register").click();
        type("username", "x");
        type("password", "correct-horse");
        find("login-submit").click();
        until(d -> "true".equals(find("username").getDomAttribute("aria-invalid")));
        assertThat(driver.findElement(testid("login-error")).isDisplayed()).isFalse();
        find("tab-login").click();
        type("username", user.username());
        type("password", "not-the-password");
        find("login-submit").click();
        assertThat(find("login-error").getText()).isEqualTo("Wrong username or password.");
    }

    /** Issue 22: a name of the user's choosing, refused at its field when they already have it, shown in the list. */
    @ParameterizedTest
    @EnumSource(Viewport.class)
    void createTakesANameAndSaysWhenItIsTaken(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("namer");
        createAndAwait(user, java.util.Map.of("image", TEST_IMAGE, "name", "web", "cmd", List.of("true")));
        openAs(user, "/ui/containers/new");
        find("create-start").click();
        type("image", TEST_IMAGE);
        type("name", "Web!");
        find("create-submit").click();
        until(d -> "true".equals(find("name").getDomAttribute("aria-invalid")));
        assertThat(driver.findElement(By.id(find("name").getDomAttribute("data-error-id")))
                        .getText())
                .startsWith("The name must be 1 to 63");

        type("name", "web");
        find("create-submit").click();
        until(d -> driver.findElement(By.id(find("name").getDomAttribute("data-error-id")))
                .getText()
                .equals("You already have a container of this name."));
        assertThat(driver.findElement(testid("job-panel")).isDisplayed()).isFalse();

        type("name", "api");
        find("create-submit").click();
        until(d -> "completed".equals(find("job-panel").getDomAttribute("data-status"))
                && d.findElements(testid("open-container")).size() == 1);
        String href = find("open-container").getDomAttribute("href");
        String id = href.substring(href.lastIndexOf('/') + 1);
        // On a phone the toast may cover the link for a moment: the link's own click, not the pointer's.
        js("arguments[0].click()", find("back-to-list"));
        until(d -> row(id).findElement(testid("row-name")).getText().equals("api"));
        assertAccessible("the create form with a taken name");
    }

    private List<String> steps() {
        return driver.findElements(By.cssSelector("[data-testid='job-steps'] li")).stream()
                .map(li -> li.getDomAttribute("data-step") + "=" + li.getDomAttribute("data-state"))
                .toList();
    }
}
