package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 22: the create form offers the caller's profiles with their sizes, refuses an image the profile does not
 * allow at its field, creates with the chosen profile, and shows the CPU and memory budgets from /users/me. Issue 24:
 * "Stop when idle after" offers only idle stops shorter than the chosen profile's, and the container follows the one
 * chosen.
 */
@TestPropertySource(
        properties = {
            "containers.profiles.small.memory=256MB",
            "containers.profiles.tiny.images[0]=cm-test/*",
            "containers.profiles.tiny.cpus=0.5",
            "containers.profiles.tiny.memory=64MB",
            "containers.profiles.tiny.pids=128",
            "containers.profiles.tiny.idle_stop_after=1h",
            "limits.running_cpus=2",
            "limits.running_memory=350MB"
        })
class DashboardProfilesIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void createsWithAProfileShowingItsSizeAndTheBudgets(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("profiler");
        openAs(user, "/ui/containers/new");
        until(d -> new Select(find("profile")).getOptions().size() == 2);
        Select profile = new Select(find("profile"));
        assertThat(profile.getFirstSelectedOption().getText()).isEqualTo("small (default)");
        assertThat(find("profile-size").getText()).isEqualTo("1 CPU, 256 MiB memory, 1024 processes. Any image.");
        until(d -> find("budget").getText().equals("Running now: 0 of 2 CPU; 0 B of 350 MiB memory."));

        profile.selectByValue("tiny");
        assertThat(find("profile-size").getText())
                .isEqualTo("0.5 CPU, 64 MiB memory, 128 processes. Images: cm-test/*");
        type("image", "alpine:3.20");
        type("name", "tiny-one");
        find("create-submit").click();
        until(d -> "true".equals(find("image").getDomAttribute("aria-invalid")));
        assertThat(driver.findElement(By.id(find("image").getDomAttribute("data-error-id")))
                        .getText())
                .isEqualTo("This profile does not allow this image.");
        assertThat(driver.findElement(testid("job-panel")).isDisplayed()).isFalse();
        screenshot("create-profile-refused");

        type("image", TEST_IMAGE);
        type("cmd", "sleep 3600");
        find("create-submit").click();
        until(d -> "done".equals(find("job-panel").getDomAttribute("data-start")));
        String href = find("open-container").getDomAttribute("href");
        String id = href.substring(href.lastIndexOf('/') + 1);
        assertThat(EngineFixture.docker()
                        .inspectContainerCmd(id)
                        .exec()
                        .getHostConfig()
                        .getNanoCPUs())
                .isEqualTo(500_000_000L);
        assertThat(api.get("/containers/tiny-one", user.token())
                        .json()
                        .get("profile")
                        .asString())
                .isEqualTo("tiny");

        driver.navigate().refresh();
        until(d -> find("budget").getText().equals("Running now: 0.5 of 2 CPU; 64 MiB of 350 MiB memory."));
        assertAccessible("the create form with profiles and budgets");
    }

    @Test
    void offersOnlyIdleStopsShorterThanTheProfilesAndCreatesWithTheChosenOne() {
        use(Viewport.DESKTOP);
        ApiClient.Session user = api.newUser("idler");
        openAs(user, "/ui/containers/new");
        until(d -> new Select(find("profile")).getOptions().size() == 2);
        until(d -> find("idle-stop-field").isDisplayed());
        assertThat(optionTexts(find("idle-stop")))
                .as("small follows lifecycle.idle_stop_after, 2 h")
                .containsExactly("The profile's: 2 h", "15 min", "30 min", "1 h");
        new Select(find("profile")).selectByValue("tiny");
        assertThat(optionTexts(find("idle-stop"))).containsExactly("The profile's: 1 h", "15 min", "30 min");
        new Select(find("idle-stop")).selectByValue("PT30M");
        assertAccessible("the create form with the idle stop choice");

        type("image", TEST_IMAGE);
        type("name", "idler");
        type("cmd", "sleep 3600");
        find("create-submit").click();
        until(d -> "done".equals(find("job-panel").getDomAttribute("data-start")));
        JsonNode container = api.get("/containers/idler", user.token()).json();
        assertThat(container.get("lifecycle").get("idle_stop_after").asString()).isEqualTo("PT30M");
        assertThat(Duration.between(
                        Instant.parse(container.get("last_activity_at").asString()),
                        Instant.parse(container.get("stops_at").asString())))
                .isEqualTo(Duration.ofMinutes(30));
    }

    private static List<String> optionTexts(WebElement select) {
        return new Select(select).getOptions().stream().map(WebElement::getText).toList();
    }
}
