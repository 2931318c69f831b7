package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Files: upload by picker (with progress) and by drag and drop, list, download with the token, delete, usage. */
class DashboardFilesIT extends DashboardTest {

    @Test
    void uploadDownloadAndDelete() throws IOException {
        ApiClient.Session user = api.newUser("files");
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(content);
        Path file = uploads.resolve("data.bin");
        Files.write(file, content);

        openAs(user, "/ui/files");
        until(d -> !d.findElements(testid("file-input")).isEmpty());
        driver.findElement(testid("file-input")).sendKeys(file.toAbsolutePath().toString());
        until(d -> "done".equals(find("upload-item").getDomAttribute("data-state")));
        var progress = find("upload-progress");
        assertThat(progress.getDomProperty("value")).isEqualTo(progress.getDomProperty("max"));
        assertThat(Double.parseDouble(progress.getDomProperty("max"))).isGreaterThanOrEqualTo(content.length);
        find(By.cssSelector("[data-testid='file-row'][data-name='data.bin']"));
        assertThat(api.download("/files/data.bin", user.token(), null).body()).isEqualTo(content);

        // Drag and drop: the page's drop handler receives a file, as from the desktop.
        js(
                "const dt = new DataTransfer(); dt.items.add(new File(['dropped text'], 'dropped.txt'));"
                        + " arguments[0].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
                find("dropzone"));
        find(By.cssSelector("[data-testid='file-row'][data-name='dropped.txt']"));
        assertThat(api.download("/files/dropped.txt", user.token(), null).body())
                .isEqualTo("dropped text".getBytes());

        // Download: fetched with the token, handed to the browser as a blob.
        Path saved = DOWNLOADS.resolve("dropped.txt");
        Files.deleteIfExists(saved);
        find(By.cssSelector("[data-testid='file-row'][data-name='dropped.txt'] [data-testid='file-download']"))
                .click();
        until(d -> Files.exists(saved) && sizeOf(saved) == "dropped text".length());
        assertThat(Files.readString(saved)).isEqualTo("dropped text");

        // Delete, after a confirmation.
        find(By.cssSelector("[data-testid='file-row'][data-name='dropped.txt'] [data-testid='file-delete']"))
                .click();
        find("confirm-ok").click();
        until(d -> d.findElements(By.cssSelector("[data-testid='file-row'][data-name='dropped.txt']"))
                .isEmpty());
        assertThat(api.get("/files/dropped.txt", user.token()).status()).isEqualTo(404);

        // Quota and usage come from GET /users/me (stage two); without it the page says nothing about them.
        if (endpointBuilt("GET", "/users/me", user.token())) {
            assertThat(find("usage").getText()).contains("Storage");
        } else {
            assertThat(driver.findElement(testid("usage")).isDisplayed()).isFalse();
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
