package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end tests of the dashboard: the real service (see {@link IntegrationTest}) in Debian's headless Chromium.
 * One browser per test class; each test starts from an empty session, at the desktop size unless it picks another
 * {@link Viewport}.
 */
abstract class DashboardTest extends IntegrationTest {

    /** The two sizes the dashboard is tried at: a laptop, and a phone (emulated: touch, mobile viewport). */
    enum Viewport {
        DESKTOP(1366, 850, false, ""),
        PHONE(390, 844, true, "-phone");

        final int width;
        final int height;
        final boolean mobile;
        final String suffix;

        Viewport(int width, int height, boolean mobile, String suffix) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
            this.suffix = suffix;
        }
    }

    /** axe-core from the npm install (make js-tools): injected by the tests only, never served by the service. */
    static final Path AXE = Path.of("node_modules", "axe-core", "axe.min.js");

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Path COMMITTED_SCREENSHOTS = Path.of("docs", "screenshots");
    static final Path DOWNLOADS = Path.of("target", "it-downloads").toAbsolutePath();
    /** A process that exits at once on SIGTERM, so stops take no grace period. */
    static final String EXITS_ON_TERM = "trap 'exit 0' TERM; sleep 3600 & wait";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path BROWSER_TURN =
            Path.of("target", "it-browser.lock").toAbsolutePath();
    private static ChromeDriver browser;

    /** The browser's console lines read so far in this test ({@link #console}). */
    private final List<String> console = new ArrayList<>();

    private static Path browserProfile;
    private static @Nullable FileChannel browserTurnChannel;
    private static @Nullable FileLock browserTurn;

    protected ChromeDriver driver;
    protected Viewport viewport = Viewport.DESKTOP;
    private static String axeSource;

    /** Files the tests hand to the browser's file picker; JUnit removes the folder after each test. */
    @TempDir
    protected Path uploads;

    /**
     * One browser class at a time across Failsafe's forks: two Chromiums at once beside two services on two cores
     * starved a dashboard test past its 30 s wait once. The other fork runs its other classes meanwhile. The lock is
     * the file system's (between JVMs), on a file in target/ that every fork of a run shares.
     */
    @BeforeAll
    static void takeTheBrowserTurn() throws IOException {
        Files.createDirectories(BROWSER_TURN.getParent());
        browserTurnChannel = FileChannel.open(BROWSER_TURN, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long started = System.nanoTime();
        browserTurn = browserTurnChannel.lock();
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        if (waitedMs > 100) {
            System.out.printf("waited %d ms for the other fork's browser class%n", waitedMs);
        }
    }

    /** After the browser is closed ({@link #closeBrowser}), so that the next class's Chromium never meets this one. */
    private static void giveTheBrowserTurnBack() throws IOException {
        if (browserTurn != null) {
            browserTurn.release();
            browserTurn = null;
        }
        if (browserTurnChannel != null) {
            browserTurnChannel.close();
            browserTurnChannel = null;
        }
    }

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            try {
                browserProfile = Files.createTempDirectory("cm-chromium-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            browser = Chromium.start(browserProfile, DOWNLOADS);
        }
        driver = browser;
        use(Viewport.DESKTOP);
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of()); // a browser session of an earlier test
        driver.get(url("/ui/login"));
        js("sessionStorage.clear(); localStorage.clear();");
        driver.manage().logs().get(LogType.BROWSER); // start each test with an empty console
    }

    /**
     * Nothing the page did may break its Content-Security-Policy, and no script may fail uncaught. (Failed requests
     * are logged too, e.g. a stage-two endpoint's 404; those are the page's business and are not counted here.)
     */
    @AfterEach
    void noPolicyViolationOrUncaughtError() {
        List<String> problems = console().stream()
                .filter(message -> message.contains("Content Security Policy")
                        || message.contains("Refused to")
                        || message.contains("Uncaught"))
                .toList();
        assertThat(problems).as("browser console").isEmpty();
    }

    /**
     * A failing test leaves a screenshot and the browser's console in target/screenshots/failed/, taken as it fails
     * (before the containers are cleaned up), to see why.
     */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestExecutionExceptionHandler onFailure = (context, cause) -> {
        if (browser != null) {
            try {
                Path dir = SCREENSHOTS.resolve("failed");
                Files.createDirectories(dir);
                String name = context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName() + "-" + viewport;
                Files.copy(
                        browser.getScreenshotAs(OutputType.FILE).toPath(),
                        dir.resolve(name + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.write(
                        dir.resolve(name + ".log"),
                        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                                .map(LogEntry::getMessage)
                                .toList());
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e); // a screenshot is a help, not a result
            }
        }
        throw cause;
    };

    @AfterAll
    static void closeBrowser() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
                browser = null;
            }
            if (browserProfile != null) {
                FileSystemUtils.deleteRecursively(browserProfile.toFile()); // a profile is tens of MB; one per class
                browserProfile = null;
            }
        } finally {
            giveTheBrowserTurnBack();
        }
    }

    /** Emulates the viewport's size (and a phone's mobile viewport and touch) for what follows. */
    protected void use(Viewport size) {
        viewport = size;
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width", size.width,
                        "height", size.height,
                        "deviceScaleFactor", 1,
                        "mobile", size.mobile));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", size.mobile));
    }

    /**
     * Runs axe-core on the page as it is now and fails on any serious or critical finding; returns the number of
     * minor and moderate ones (reported, not failed).
     */
    @SuppressWarnings("unchecked")
    protected long assertAccessible(String what) {
        if (axeSource == null) {
            try {
                axeSource = Files.readString(AXE);
            } catch (IOException e) {
                throw new IllegalStateException("axe-core is missing: run make js-tools (npm ci) first", e);
            }
        }
        js(axeSource);
        Map<String, Object> result = (Map<String, Object>)
                driver.executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + " axe.run(document, {resultTypes: ['violations']}).then(r => done({violations:"
                                + " r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                                + " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))})).catch(e => done({error: String(e)}));");
        assertThat(result).as("axe ran on " + what).doesNotContainKey("error");
        List<Map<String, Object>> violations = (List<Map<String, Object>>) result.get("violations");
        List<Map<String, Object>> serious = violations.stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                .toList();
        assertThat(serious)
                .as("serious or critical accessibility findings on " + what + " (" + viewport + ")")
                .isEmpty();
        return violations.size();
    }

    /** Waits for a toast saying exactly text; returns its kind (ok, info, error). */
    protected String awaitToast(String text) {
        return until(d -> d.findElements(testid("toast")).stream()
                .filter(t -> t.findElement(testid("toast-text")).getText().equals(text))
                .map(t -> t.getDomAttribute("data-kind"))
                .findFirst()
                .orElse(null));
    }

    /** Lets the dashboard's origin write and read the clipboard (a copy button's test). */
    protected void allowClipboard() {
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", url(""), "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** What the clipboard holds now, read by the page (after {@link #allowClipboard()}). */
    protected String clipboard() {
        return (String) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, e => done('failed: ' + e));");
    }

    /** The page is no wider than the viewport: nothing to scroll sideways. */
    protected void assertFitsViewport(String what) {
        long width = ((Number) js("return document.documentElement.scrollWidth")).longValue();
        assertThat(width)
                .as(what + " is no wider than the " + viewport + " viewport")
                .isLessThanOrEqualTo(viewport.width);
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected static By testid(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    protected WebElement find(By by) {
        return until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    protected WebElement find(String id) {
        return find(testid(id));
    }

    protected <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    protected Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Starts a logged-in session the way the login page leaves one (token in sessionStorage), then opens path. */
    /**
     * Clicks as a person does who closed the toasts first and scrolled the element to the middle of the screen: the
     * toasts of quick actions one after another stack up over the bottom of the screen (six seconds each).
     */
    protected void tap(WebElement element) {
        js(
                "document.querySelectorAll(\"[data-testid='toast'] button\").forEach(b => b.click());"
                        + " arguments[0].scrollIntoView({block: 'center'});",
                element);
        element.click();
    }

    protected void openAs(ApiClient.Session user, String path) {
        driver.get(url("/ui/login"));
        js(
                "sessionStorage.setItem('cm.session', JSON.stringify({token: arguments[0], username: arguments[1],"
                        + " userId: arguments[2]}));",
                user.token(),
                user.username(),
                user.userId());
        driver.get(url(path));
        reloadIfCutByANetworkChange();
    }

    /**
     * Chromium aborts the requests in flight with net::ERR_NETWORK_CHANGED when the host's interfaces change, which the
     * engine does at every start and stop of a container on a user's network (a veth pair): a test of the other fork
     * can cut this page's module imports and leave it blank (seen twice in make test). Such a load is loaded again,
     * at most twice, and its console lines go with it; any other page, blank or not, is the test's to judge.
     */
    private void reloadIfCutByANetworkChange() {
        for (int attempt = 0; attempt < 2; attempt++) {
            List<String> lines = new ArrayList<>();
            String outcome;
            try {
                outcome = new WebDriverWait(driver, Duration.ofSeconds(10))
                        .pollingEvery(Duration.ofMillis(100))
                        .until(d -> {
                            driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                                    .map(LogEntry::getMessage)
                                    .forEach(lines::add);
                            if (Boolean.TRUE.equals(
                                    js("return document.getElementById('app')?.childElementCount > 0"))) {
                                return "shown";
                            }
                            return lines.stream().anyMatch(line -> line.contains("ERR_NETWORK_CHANGED")) ? "cut" : null;
                        });
            } catch (org.openqa.selenium.TimeoutException neither) {
                outcome = "neither";
            }
            if (!outcome.equals("cut")) {
                console.addAll(lines);
                return;
            }
            System.out.println("the page's load was cut by a change of the host's network; loading it again");
            driver.navigate().refresh();
        }
    }

    /** The browser's console since the test began, kept across reads (a read empties Chromium's). */
    protected List<String> console() {
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .forEach(console::add);
        return console;
    }

    /** Replaces an input's text as a person does (select all, then type), so that its input events fire. */
    protected void type(String testid, String text) {
        WebElement input = find(testid);
        input.sendKeys(
                org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"),
                org.openqa.selenium.Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    protected WebElement row(String containerId) {
        return find(By.cssSelector("[data-testid='containers-viewport'] [data-id='" + containerId + "']"));
    }

    protected void awaitRowStatus(String containerId, String status) {
        until(d -> status.equals(row(containerId).getDomAttribute("data-status")));
    }

    /**
     * Saves a screenshot under target/screenshots/, and under docs/screenshots/ with -Dcm.screenshots.write=true;
     * a phone's has "-phone" after its name.
     */
    protected void screenshot(String base) {
        String name = base + viewport.suffix;
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(SCREENSHOTS);
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            if (Boolean.getBoolean("cm.screenshots.write")) {
                Files.createDirectories(COMMITTED_SCREENSHOTS);
                Files.copy(shot, COMMITTED_SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The endpoint a test relies on exists: a missing path answers the router's 404 {"error": "not found"}, where a
     * built endpoint answers anything else (for the made-up container id below: 404 "container not found"). Only
     * the headers are read, so an event stream is never waited on.
     */
    protected void assumeEndpoint(String method, String path, String token) {
        assertThat(endpointBuilt(method, path, token))
                .as(method + " " + path + " exists")
                .isTrue();
    }

    protected boolean endpointBuilt(String method, String path, String token) {
        HttpRequest request = api.request(path, token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            HttpResponse<InputStream> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 405) {
                    return false;
                }
                if (response.statusCode() != 404) {
                    return true;
                }
                JsonNode error = JSON.readTree(body.readNBytes(4096));
                return !"not found".equals(error.path("error").asString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A container id that nobody owns, for probing container endpoints. */
    static final String NOBODYS_CONTAINER = "0".repeat(64);

    protected boolean logsBuilt(String token) {
        return endpointBuilt("GET", "/containers/" + NOBODYS_CONTAINER + "/logs?tail=1", token);
    }

    protected boolean consoleBuilt(String token) {
        return endpointBuilt("POST", "/containers/" + NOBODYS_CONTAINER + "/console", token);
    }

    protected boolean eventsBuilt(String token) {
        return endpointBuilt("GET", "/events", token);
    }

    protected static void assertNoReloadSince(JavascriptExecutor js) {
        assertThat(js.executeScript("return window.__cmNoReload === true")).isEqualTo(true);
    }
}
