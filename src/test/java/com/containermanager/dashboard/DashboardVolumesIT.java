package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The Volumes page in the browser: a volume made with a size (checked on the API), its use shown against its size
 * and the account's volume space against limits.volume_bytes, a name taken refused at its field, and the volume
 * removed through a confirmation. Both sizes, with axe-core and the screenshots.
 */
class DashboardVolumesIT extends DashboardTest {

    /** Volumes need no network (and the users' subnets may be held by networks other runs left on the engine). */
    @org.springframework.test.context.DynamicPropertySource
    static void withoutNetworks(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("cm.docker.network", () -> "none");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aVolumeMadeOnThePageHasItsSizeAndGoesAfterTheConfirmation(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("volumes");
        openAs(user, "/ui/containers");
        find("nav-volumes").click();
        find("volume-form");
        until(d -> !d.findElements(testid("volumes-bytes")).isEmpty());
        assertThat(find("volumes-count").getText()).isEqualTo("0 of 10 volumes.");
        check("the volumes page", "volumes");

        // A bad name is refused at its field, before the service is asked.
        type("volume-name", "Data!");
        find("volume-create").click();
        assertThat(find("field-error").getText()).startsWith("Use 1 to 63 lower case letters");

        find("volume-name").clear();
        type("volume-name", "data");
        find("volume-size").clear();
        type("volume-size", "16");
        new Select(find("volume-unit")).selectByValue("MiB");
        find("volume-create").click();
        awaitToast("Volume data created.");
        WebElement row =
                until(d -> d.findElements(By.cssSelector("[data-testid='volume-row'][data-name='data']")).stream()
                        .findFirst()
                        .orElse(null));
        assertThat(row.getText()).contains("16 MiB", "hard");
        assertThat(row.findElement(By.tagName("progress")).getDomAttribute("aria-label"))
                .isEqualTo("Space used in data");
        JsonNode made = api.get("/volumes/data", user.token()).json();
        assertThat(made.get("size_bytes").asLong()).isEqualTo(16L * 1024 * 1024);
        until(d -> find("volumes-count").getText().equals("1 of 10 volumes."));
        assertThat(find("volumes-bytes").getText()).contains("16 MiB of 1.0 GiB");
        check("the volumes page with a volume", "volumes-one");

        // The same name again: refused at the name field, in the page's words.
        type("volume-name", "data");
        find("volume-size").clear();
        type("volume-size", "16");
        new Select(find("volume-unit")).selectByValue("MiB");
        tap(find("volume-create"));
        until(d -> find("field-error").getText().equals("You already have a volume of this name."));

        // Removed through the confirmation, which names it.
        row = find(By.cssSelector("[data-testid='volume-row'][data-name='data']"));
        tap(row.findElement(testid("volume-delete")));
        assertThat(find("confirm-items").getText()).isEqualTo("data");
        find("confirm-ok").click();
        awaitToast("Volume data deleted.");
        until(d -> d.findElements(By.cssSelector("[data-testid='volume-row'][data-name='data']"))
                .isEmpty());
        assertThat(api.get("/volumes/data", user.token()).status()).isEqualTo(404);
    }

    @org.junit.jupiter.api.Test
    void theCreateFormMountsAChosenVolumeAtItsPath() {
        ApiClient.Session user = api.newUser("vol-create");
        assertThat(api.post("/volumes", ApiClient.json(java.util.Map.of("name", "data", "size", "16MiB")), user.token())
                        .status())
                .isEqualTo(201);
        openAs(user, "/ui/containers/new");
        WebElement choice = find(By.cssSelector("[data-testid='volume-choice-row'][data-name='data']"));
        assertThat(choice.findElement(testid("volume-path")).getDomProperty("value"))
                .isEqualTo("/data");
        choice.findElement(testid("volume-choice")).click();
        choice.findElement(testid("volume-read-only")).click();
        find("create-start").click();
        type("image", TEST_IMAGE);
        type("name", "with-data");
        assertAccessible("the create page with a volume");
        screenshot("create-volume");
        find("create-submit").click();
        until(d -> "completed".equals(find("job-panel").getDomAttribute("data-status")));

        JsonNode mounted = api.get("/containers/with-data", user.token()).json().get("volumes");
        assertThat(mounted).hasSize(1);
        assertThat(mounted.get(0).get("volume").asString()).isEqualTo("data");
        assertThat(mounted.get(0).get("path").asString()).isEqualTo("/data");
        assertThat(mounted.get(0).get("read_only").asBoolean()).isTrue();
    }

    private void check(String what, String screenshot) {
        assertFitsViewport(what);
        assertAccessible(what);
        screenshot(screenshot);
    }
}
