package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.EngineFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The whole path of a new user, in the browser: register and log in, upload a file, create and start a container
 * with it, watch the job complete and the start, see the container in the list without a reload, read a line it
 * printed in its logs, run {@code echo hi} in its console, stop and delete it, log out.
 */
class DashboardJourneyIT extends DashboardTest {

    /** The whole path, logs and console included. */
    @Test
    void aNewUserWalksTheWholePath() throws IOException {
        walk(true);
    }

    private void walk(boolean logsAndConsole) throws IOException {
        String username = "walker-" + UUID.randomUUID().toString().substring(0, 8);
        String marker = "journey-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = uploads.resolve("greeting.txt");
        Files.writeString(file, "hello from a file\n", StandardCharsets.UTF_8);

        // Register (which logs in) from the page at /.
        driver.get(url("/"));
        until(d -> d.getCurrentUrl().endsWith("/ui/login"));
        find("tab-register").click();
        type("username", username);
        type("password", "correct-horse");
        find("login-submit").click();
        until(d -> d.getCurrentUrl().endsWith("/ui/containers"));
        assertThat(find("current-user").getText()).isEqualTo(username);
        js("window.__cmNoReload = true;");

        // Upload a file with the picker.
        find("nav-files").click();
        until(d -> !d.findElements(testid("file-input")).isEmpty());
        driver.findElement(testid("file-input")).sendKeys(file.toAbsolutePath().toString());
        until(d -> "done".equals(find("upload-item").getDomAttribute("data-state")));
        find(By.cssSelector("[data-testid='file-row'][data-name='greeting.txt']"));

        // Create a container with the file, an environment variable and a command that prints.
        find("nav-containers").click();
        find("new-container").click();
        type("image", TEST_IMAGE);
        type("cmd", "sh -c \"cat /files/greeting.txt; echo $MARKER; " + EXITS_ON_TERM + "\"");
        type("env-key", "MARKER");
        type("env-value", marker);
        find(By.cssSelector("[data-testid='file-choice'][value='greeting.txt']"))
                .click();
        find("create-submit").click();

        // Watch the job complete and the container start (the default); the container is then in the list, running.
        until(d -> "done".equals(find("job-panel").getDomAttribute("data-start")));
        assertThat(find("job-status").getText()).isEqualTo("completed");
        screenshot("create-job-completed");
        String href = find("open-container").getDomAttribute("href");
        String containerId = href.substring(href.lastIndexOf('/') + 1);
        find("back-to-list").click();
        awaitRowStatus(containerId, "running");
        assertNoReloadSince(driver);
        assertThat(EngineFixture.containersLabelled(TEST_LABEL, RUN_ID)).contains(containerId);

        // One container: details, logs, console.
        row(containerId).findElement(testid("row-name")).click();
        until(d -> d.getCurrentUrl().endsWith("/ui/containers/" + containerId));
        until(d -> find("container-status").getText().equals("running"));
        until(d -> find("container-details").getText().contains("MARKER=" + marker));
        assertThat(find("container-details").getText()).contains(TEST_IMAGE);
        if (logsAndConsole) {
            until(d -> logText().contains(marker) && logText().contains("hello from a file"));

            find("tab-console").click();
            find("console-connect").click();
            until(d -> "connected".equals(find("console").getDomAttribute("data-state")));
            // xterm.js reads keys through a textarea it keeps invisible (opacity 0), which WebDriver will not type
            // into: click the terminal, as a person does, and type into what has the focus.
            find("console").click();
            new org.openqa.selenium.interactions.Actions(driver)
                    .sendKeys("echo hi" + Keys.ENTER)
                    .perform();
            until(d -> terminalLines().contains("hi"));
            find("console-disconnect").click();
        }

        // Stop and delete, from the list.
        find(By.cssSelector("a[href='/ui/containers']")).click();
        row(containerId).findElement(testid("row-stop")).click();
        until(d -> !"running".equals(row(containerId).getDomAttribute("data-status")));
        row(containerId).findElement(testid("row-delete")).click();
        find("confirm-ok").click();
        until(d -> d.findElements(By.cssSelector("[data-testid='containers-viewport'] [data-id='" + containerId + "']"))
                .isEmpty());
        assertThat(EngineFixture.containersLabelled(TEST_LABEL, RUN_ID)).doesNotContain(containerId);
        assertNoReloadSince(driver);

        // Log out: back to the login page, and the token is gone.
        find("logout").click();
        until(d -> d.getCurrentUrl().endsWith("/ui/login"));
        assertThat(js("return sessionStorage.getItem('cm.session')")).isNull();
        driver.get(url("/ui/containers"));
        until(d -> d.getCurrentUrl().endsWith("/ui/login"));
    }

    private String logText() {
        return find("log-viewport").getText();
    }

    @SuppressWarnings("unchecked")
    private List<String> terminalLines() {
        return (List<String>) js(
                "const b = arguments[0].terminal.buffer.active; const out = [];"
                        + " for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l) out.push(l.translateToString(true).trim()); }"
                        + " return out;",
                find("console"));
    }
}
