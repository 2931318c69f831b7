package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Issue 23 in the browser: a container's web server opened from its page in a new window, on the app's own origin
 * (whose script cannot read the dashboard's storage nor the proxy's cookie), its access level set, public refused
 * where the operator did not allow it, and a share link made, copied and revoked. axe-core and the screenshots at
 * both sizes.
 */
class DashboardAppsIT extends DashboardTest {

    /**
     * A context of its own, on the default egress (none): the proxy reaches the container through its network's
     * relay, as after make run.
     */
    @org.springframework.test.context.DynamicPropertySource
    static void reachableNetworks(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "dashboard-apps");
    }

    /**
     * busybox httpd serving a page whose script writes what it can read of the browser's storage and cookies on its
     * origin into the page.
     */
    private static final String WEB_SERVER = String.join(
            "\n",
            "mkdir -p /www && cd /www",
            "echo '<!doctype html><html lang=\"en\"><head><title>The app</title></head><body>"
                    + "<h1 id=\"hello\">Hello from the app</h1><p id=\"seen\">not run</p>"
                    + "<script src=\"app.js\"></script></body></html>' > index.html",
            "echo 'document.getElementById(\"seen\").textContent = JSON.stringify({origin: location.origin,"
                    + " local: localStorage.length, session: sessionStorage.length,"
                    + " token: sessionStorage.getItem(\"cm.session\"), marker: localStorage.getItem(\"cm.marker\"),"
                    + " cookie: document.cookie});' > app.js",
            "exec httpd -f -p 8000 -h /www");

    @Test
    void theAppOpensOnItsOwnOriginAndIsSharedByALink() {
        ApiClient.Session user = api.newUser("apps");
        String id = startedNamed(user, "web");
        openAs(user, "/ui/containers/" + id);
        // Something the dashboard keeps on its own origin, which the app must not see.
        js("localStorage.setItem('cm.marker', 'dashboard');");
        // Folded while the container has no port to open, so that the tabs stay in view.
        assertThat(find("ports-box").getDomProperty("open")).isEqualTo("false");
        find("ports-summary").click();
        until(d -> find("ports-hint").getText().startsWith("Open a web server"));
        assertThat(find("ports-body").getText()).isEqualTo("No ports yet: open one below.");

        // A port typed once opens in a new window: the app's page, on its own origin.
        String dashboard = driver.getWindowHandle();
        type("port-other", "8000");
        find("port-other-open").click();
        Map<String, Object> seen = appWindowSeen(dashboard);
        String origin = (String) seen.get("origin");
        assertThat(origin)
                .startsWith("http://8000-web-" + user.username() + "-" + id.substring(0, 12))
                .endsWith(".localhost:" + port)
                .isNotEqualTo(url(""));
        assertThat(seen)
                .as("what the app's script can read")
                .containsEntry("local", 0L)
                .containsEntry("session", 0L)
                .containsEntry("token", null)
                .containsEntry("marker", null)
                .containsEntry("cookie", "");
        driver.close();
        driver.switchTo().window(dashboard);

        // The port is listed now, with its origin; then one click opens it.
        WebElement row = find(By.cssSelector("[data-testid='port-row'][data-port='8000']"));
        assertThat(row.findElement(testid("port-origin")).getText()).isEqualTo(origin);
        tap(row.findElement(testid("port-open")));
        assertThat(appWindowSeen(dashboard)).containsEntry("origin", origin);
        driver.close();
        driver.switchTo().window(dashboard);

        // Signed-in users may open it; anyone may not, where the operator did not allow it (the default).
        new Select(find("port-access")).selectByValue("users");
        awaitToast("Port 8000: Signed-in users.");
        assertThat(accessOf(user, id, 8000)).isEqualTo("users");
        new Select(find("port-access")).selectByValue("public");
        assertThat(find("field-error").getText()).isNotBlank();
        until(d -> "users".equals(find("port-access").getDomProperty("value")));
        assertThat(accessOf(user, id, 8000)).isEqualTo("users");

        // A share link: made, shown with its expiry, copied, listed; then revoked after a confirmation.
        new Select(find("share-expiry")).selectByValue("1h");
        tap(find("share-create"));
        awaitToast("Share link to port 8000 created.");
        String link = find("share-url").getDomProperty("value");
        assertThat(link).startsWith(origin + "/");
        assertThat(find("share-until").getText()).startsWith("Anyone with this link can open the app until");
        allowClipboard();
        tap(find("share-copy"));
        until(d -> find("share-copied").getText().equals("Copied."));
        String copied = clipboard();
        assertThat(copied).isEqualTo(link);
        WebElement share = find(By.cssSelector("[data-testid='share-row'][data-port='8000']"));
        JsonNode shares = api.get("/containers/" + id + "/shares", user.token()).json();
        assertThat(shares).hasSize(1);
        assertThat(share.getDomAttribute("data-id"))
                .isEqualTo(shares.get(0).get("id").asString());
        showPorts();
        check("the container's web apps", "container-apps");

        tap(share.findElement(testid("share-revoke")));
        assertThat(find("confirm-items").getText()).startsWith("port 8000, until ");
        find("confirm-ok").click();
        awaitToast("Share link to port 8000 revoked.");
        until(d -> d.findElements(testid("share-row")).isEmpty());
        assertThat(api.get("/containers/" + id + "/shares", user.token()).json())
                .as("no share left that opens the app")
                .allMatch(s -> s.has("revoked_at") && !s.get("revoked_at").isNull());
    }

    /** On a phone: the section fits, reads well to axe-core, and a typed port that is not one is refused at it. */
    @Test
    void theWebAppsFitAPhone() {
        use(Viewport.PHONE);
        ApiClient.Session user = api.newUser("apps-phone");
        String id = startedNamed(user, "web");
        assertThat(putAccess(user, id, 8000, "users")).isEqualTo(200);
        openAs(user, "/ui/containers/" + id);
        find("ports-summary").click(); // folded at first on a phone
        find(By.cssSelector("[data-testid='port-row'][data-port='8000']"));
        type("port-other", "70000");
        tap(find("port-other-open"));
        assertThat(find("field-error").getText()).isEqualTo("Enter a port from 1 to 65535.");
        assertThat(driver.getWindowHandles()).hasSize(1);
        showPorts();
        check("the container's web apps on a phone", "container-apps");
    }

    private String startedNamed(ApiClient.Session user, String name) {
        JsonNode job =
                createAndAwait(user, Map.of("image", TEST_IMAGE, "name", name, "cmd", List.of("sh", "-c", WEB_SERVER)));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        ApiClient.Response started = api.patch("/containers/" + id + "/start", user.token());
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return id;
    }

    /** Switches to the window the page opened and waits for the app's script to have run there; returns its note. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> appWindowSeen(String dashboard) {
        String app = until(d -> {
            Set<String> handles = d.getWindowHandles();
            return handles.size() == 2
                    ? handles.stream()
                            .filter(h -> !h.equals(dashboard))
                            .findFirst()
                            .orElse(null)
                    : null;
        });
        driver.switchTo().window(app);
        String text = until(d -> {
            List<WebElement> seen = d.findElements(By.id("seen"));
            return seen.isEmpty() || seen.getFirst().getText().equals("not run")
                    ? null
                    : seen.getFirst().getText();
        });
        assertThat(driver.findElement(By.id("hello")).getText()).isEqualTo("Hello from the app");
        assertThat(js("return window.opener"))
                .as("the app cannot reach the dashboard's window")
                .isNull();
        return (Map<String, Object>) js("return JSON.parse(arguments[0])", text);
    }

    private int putAccess(ApiClient.Session user, String id, int port, String access) {
        HttpRequest request = api.request("/containers/" + id + "/ports/" + port, user.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ApiClient.json(Map.of("access", access))))
                .build();
        try {
            return HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String accessOf(ApiClient.Session user, String id, int port) {
        for (JsonNode p : api.get("/containers/" + id + "/ports", user.token()).json()) {
            if (p.get("port").asInt() == port) {
                return p.get("access").asString();
            }
        }
        return null;
    }

    /** The Web apps section at the top of the screen, below the top bar. */
    private void showPorts() {
        js("const top = document.querySelector(\"[data-testid='ports']\").getBoundingClientRect().top;"
                + " const bar = document.querySelector('header')?.getBoundingClientRect().height || 0;"
                + " window.scrollBy(0, top - bar - 8);");
    }

    private void check(String what, String screenshot) {
        assertFitsViewport(what);
        assertAccessible(what);
        screenshot(screenshot);
    }
}
