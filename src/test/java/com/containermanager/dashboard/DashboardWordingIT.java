package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/**
 * Issue 21, point 13: counts in words ("1 container"), usage without "of no limit", "exited" in red only after a
 * non-zero exit code, an upload over an existing name asks first, finished uploads clear, and the empty list links
 * to the create page.
 */
class DashboardWordingIT extends DashboardTest {

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void countsStatesAndTheEmptyListReadRight(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("words");
        openAs(user, "/ui/containers");
        find("containers-empty");
        assertThat(find("containers-count").getText()).isEqualTo("0 containers");
        screenshot("containers-empty");
        find("empty-create").click();
        until(d -> d.getCurrentUrl().endsWith("/ui/containers/new"));

        String ok = createContainer(user, List.of("sh", "-c", "sleep 1; exit 0"));
        driver.navigate().back();
        until(d -> "1".equals(find("containers-table").getDomAttribute("data-count")));
        assertThat(find("containers-count").getText()).isEqualTo("1 container");
        String failing = createContainer(user, List.of("sh", "-c", "sleep 1; exit 3"));
        until(d -> find("containers-count").getText().equals("2 containers"));

        // Both exit while the list watches: 0 reads as finished, 3 as an error.
        api.patch("/containers/" + ok + "/start", user.token());
        api.patch("/containers/" + failing + "/start", user.token());
        awaitRowStatus(ok, "exited");
        awaitRowStatus(failing, "exited");
        until(d -> row(failing)
                .findElement(testid("row-status"))
                .getDomAttribute("class")
                .contains("tone-bad"));
        assertThat(row(ok).findElement(testid("row-status")).getDomAttribute("class"))
                .contains("tone-neutral");
        assertThat(row(failing).findElement(testid("row-status")).getDomAttribute("title"))
                .isEqualTo("exit code 3");
        screenshot("containers-exit-codes");
        row(failing).findElement(testid("row-name")).click();
        assertThat(find("container-status").getDomAttribute("class")).contains("tone-bad");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void anUploadOverAnExistingNameAsksAndFinishedUploadsClear(Viewport size) throws Exception {
        use(size);
        ApiClient.Session user = api.newUser("uploads");
        Path first = uploads.resolve("one").resolve("same.txt");
        Path second = uploads.resolve("two").resolve("same.txt");
        Files.createDirectories(first.getParent());
        Files.createDirectories(second.getParent());
        Files.writeString(first, "first", StandardCharsets.UTF_8);
        Files.writeString(second, "second", StandardCharsets.UTF_8);

        openAs(user, "/ui/files");
        until(d ->
                !d.findElements(By.cssSelector("[data-testid='usage-files']")).isEmpty());
        assertThat(find("usage-files").getText()).doesNotContain("of no limit").startsWith("Files: 0");
        driver.findElement(testid("file-input")).sendKeys(first.toString());
        find(By.cssSelector("[data-testid='file-row'][data-name='same.txt']"));
        // The finished upload's row goes away by itself.
        until(d -> d.findElements(testid("upload-item")).isEmpty());

        // The same name again: asked, and kept when the user says so.
        driver.findElement(testid("file-input")).sendKeys(second.toString());
        assertThat(find("confirm-items").getText()).isEqualTo("same.txt");
        screenshot("files-replace");
        find("confirm-cancel").click();
        assertThat(api.download("/files/same.txt", user.token(), null).body()).isEqualTo("first".getBytes());
        driver.findElement(testid("file-input")).sendKeys(second.toString());
        find("confirm-ok").click();
        until(d ->
                new String(api.download("/files/same.txt", user.token(), null).body()).equals("second"));
        until(d -> find("usage-files").getText().startsWith("Files: 1"));
    }
}
