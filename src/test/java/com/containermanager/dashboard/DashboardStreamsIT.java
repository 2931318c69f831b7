package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 21, points 2 and 11: the log viewer follows a container across start, restart and stop without a reload
 * (a new container waits instead of ending), downloads what it shows and highlights a search; the console fits its
 * panel, follows a resize, and keeps its shell while another tab is shown.
 */
class DashboardStreamsIT extends DashboardTest {

    /** Prints "boot" each time it starts, then waits; exits at once on SIGTERM. */
    static final String BOOTS = "echo boot; " + EXITS_ON_TERM;

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void logsFollowTheContainerAcrossStartRestartAndStop(Viewport size) throws IOException {
        use(size);
        ApiClient.Session user = api.newUser("follow");
        String id = createContainer(user, List.of("sh", "-c", BOOTS));
        String name =
                api.get("/containers/" + id, user.token()).json().get("name").asString();

        // A new container: the viewer waits for it to run, it does not say the stream ended.
        openAs(user, "/ui/containers/" + id + "/logs");
        js("window.__cmNoReload = true;");
        until(d -> "waiting".equals(find("log-viewport").getDomAttribute("data-phase")));
        assertThat(find("log-empty").getText()).contains("once the container runs");
        assertThat(find("log-viewport").getText()).doesNotContain("ended");
        screenshot("container-logs-waiting");

        // Started elsewhere: the line it prints appears.
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        until(d -> boots() == 1 && "following".equals(find("log-viewport").getDomAttribute("data-phase")));

        // Restarted here: the stream ends with the old process and follows the new one.
        find("detail-restart").click();
        until(d -> boots() == 2);
        until(d -> "following".equals(find("log-viewport").getDomAttribute("data-phase")));

        // Stopped and started elsewhere: the viewer waits, then follows again; no line is shown twice.
        assertThat(api.patch("/containers/" + id + "/stop", user.token()).status())
                .isEqualTo(200);
        until(d -> "waiting".equals(find("log-viewport").getDomAttribute("data-phase")));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        until(d -> boots() == 3 && "following".equals(find("log-viewport").getDomAttribute("data-phase")));
        assertNoReloadSince(driver);

        // Search highlights the matches.
        type("log-search", "boot");
        until(d -> find("log-status").getText().startsWith("3 of "));
        assertThat(((Number) js("return document.querySelectorAll('[data-testid=log-viewport] mark').length"))
                        .intValue())
                .isEqualTo(3);
        screenshot("container-logs-search");

        // Download: what the viewer holds, as a file named after the container.
        Path saved = DOWNLOADS.resolve(name + ".log");
        Files.deleteIfExists(saved);
        find("log-download").click();
        until(d -> Files.exists(saved) && read(saved).contains("boot"));
        assertThat(read(saved).lines().filter(line -> line.endsWith(" boot")).count())
                .isEqualTo(3);
        assertAccessible("the logs tab");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void theConsoleFitsItsPanelFollowsResizesAndSurvivesTabSwitches(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("fits");
        assumeEndpoint("POST", "/containers/" + NOBODYS_CONTAINER + "/console", user.token());
        String id = startedContainer(user, List.of("sh", "-c", EXITS_ON_TERM));

        openAs(user, "/ui/containers/" + id + "/console");
        find("console-connect").click();
        until(d -> "connected".equals(find("console").getDomAttribute("data-state")));
        int cols = Integer.parseInt(find("console").getDomAttribute("data-cols"));
        int rows = Integer.parseInt(find("console").getDomAttribute("data-rows"));
        // The terminal is drawn inside its panel, and the shell was told its size.
        assertThat(((Number) js(
                                "const s = arguments[0]; const c = s.querySelector('canvas');"
                                        + " return c.getBoundingClientRect().right - s.getBoundingClientRect().right;",
                                find("console")))
                        .doubleValue())
                .isLessThanOrEqualTo(0.5);
        assertThat(cols).isLessThan(size == Viewport.PHONE ? 50 : 200).isGreaterThanOrEqualTo(20);
        paste("stty size");
        until(d -> terminalText().contains(rows + " " + cols));
        screenshot("container-console-fit");

        // A narrower window: fewer columns, and the shell hears it.
        int narrower = viewport.width - 120;
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        narrower,
                        "height",
                        viewport.height,
                        "deviceScaleFactor",
                        1,
                        "mobile",
                        viewport.mobile));
        until(d -> Integer.parseInt(find("console").getDomAttribute("data-cols")) < cols);
        int newCols = Integer.parseInt(find("console").getDomAttribute("data-cols"));
        paste("stty size");
        until(d -> terminalText().contains(" " + newCols));
        use(size);

        // Another tab and back: the same shell, still connected.
        paste("export MARK=kept-$((6*7))");
        find("tab-logs").click();
        until(d -> d.getCurrentUrl().endsWith("/logs"));
        find("tab-console").click();
        until(d -> d.getCurrentUrl().endsWith("/console"));
        assertThat(find("console").getDomAttribute("data-state")).isEqualTo("connected");
        paste("echo $MARK");
        until(d -> terminalText().contains("kept-42"));
        find("console-disconnect").click();
    }

    private int boots() {
        return ((Number) js("return [...document.querySelectorAll('[data-testid=log-line]')]"
                        + ".filter(e => !e.hidden && e.textContent === 'boot').length"))
                .intValue();
    }

    private void paste(String line) {
        js("arguments[0].terminal.paste(arguments[1] + '\\r')", find("console"), line);
    }

    private String terminalText() {
        return (String) js(
                "const b = arguments[0].terminal.buffer.active; const out = [];"
                        + " for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l) out.push(l.translateToString(true)); }"
                        + " return out.join('\\n');",
                find("console"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
