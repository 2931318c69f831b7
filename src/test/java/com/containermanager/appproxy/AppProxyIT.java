package com.containermanager.appproxy;

import static com.containermanager.appproxy.AppContainers.browser;
import static com.containermanager.appproxy.AppContainers.cookieFrom;
import static com.containermanager.appproxy.AppContainers.get;
import static com.containermanager.appproxy.AppContainers.origin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The app proxy against a real container serving HTTP (busybox httpd with CGI) and a canned WebSocket peer, on a
 * network without egress (the default: the host has no address there, so through its relay; AppProxySmallHeapIT
 * takes the direct way, on a network of egress allowed). Every request to an app host goes to the service on
 * 127.0.0.1, as a browser resolving *.localhost would send it.
 */
@TestPropertySource(
        properties = {
            "proxy.max_connections_per_user=3",
            "proxy.max_share_lifetime=7d",
            "proxy.max_body=1MB",
            "proxy.max_body_by_profile.small=256KB",
            "lifecycle.activity_write_interval=200ms"
        })
class AppProxyIT extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    private record App(String id, String origin, String cookie) {}

    /** A running test app of this user's, opened once: its origin and a session cookie for it. */
    private App openApp(ApiClient.Session user, HttpClient browser) {
        JsonNode job = createAndAwait(user, Map.of("image", TEST_IMAGE, "cmd", AppContainers.CMD, "name", "web"));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        String url = open(user, "web", 8000).json().get("url").asString();
        String cookie = cookieFrom(browser, url);
        AppContainers.awaitServing(browser, origin(url), cookie);
        return new App(id, origin(url), cookie);
    }

    private ApiClient.Response open(ApiClient.Session user, String container, int port) {
        return api.post("/containers/" + container + "/ports/" + port + "/open", "{}", user.token());
    }

    @Test
    void theOwnerOpensTheAppOnItsOwnOriginWithASingleUseTicketAndTheAppSeesNoneOfOurSecrets() {
        ApiClient.Session owner = api.newUser("app-owner");
        HttpClient browser = browser(port);
        App app = openApp(owner, browser);
        assertThat(app.origin())
                .matches("http://8000-web-app-owner-[0-9a-f]{8}-" + app.id().substring(0, 12) + "\\.localhost:" + port);

        // The ticket lands on the path asked for, and works once.
        String url = api.post("/containers/web/ports/8000/open", "{\"path\": \"/index.html\"}", owner.token())
                .json()
                .get("url")
                .asString();
        HttpResponse<String> first = get(browser, url);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).contains("/index.html");
        HttpResponse<String> again = get(browser, url);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();

        // An expired ticket opens nothing.
        String late = open(owner, "web", 8000).json().get("url").asString();
        jdbc.sql("update app_tickets set expires_at = now() - interval '1 second'")
                .update();
        assertThat(get(browser, late).statusCode()).isEqualTo(401);

        // Without a session: our small page, not the app.
        HttpResponse<String> anonymous = get(browser, app.origin() + "/index.html");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body())
                .contains("Open this app from the dashboard")
                .doesNotContain("hello from the app");
        assertThat(get(browser, app.origin() + "/index.html", "Cookie", "cm_app_session=forged")
                        .statusCode())
                .isEqualTo(401);

        // With it: the app, which gets neither our cookie nor our token, and its own cookies and headers intact.
        HttpResponse<String> page = get(browser, app.origin() + "/index.html", "Cookie", app.cookie());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("hello from the app\n");
        HttpResponse<String> echo = get(
                browser,
                app.origin() + "/cgi-bin/echo?q=1",
                "Cookie",
                "theirs=1; " + app.cookie(),
                "Authorization",
                "Bearer " + owner.token(),
                "X-App-Header",
                "kept");
        assertThat(echo.statusCode()).as(echo.body()).isEqualTo(200);
        String secret = app.cookie().substring(app.cookie().indexOf('=') + 1);
        assertThat(echo.body())
                .contains("HTTP_COOKIE=theirs=1\n")
                .contains("HTTP_X_APP_HEADER=kept")
                .contains("HTTP_HOST=" + app.origin().substring("http://".length()))
                .contains("HTTP_X_FORWARDED_FOR=127.0.0.1")
                .contains("HTTP_X_FORWARDED_PROTO=http")
                .contains("QUERY_STRING=q=1")
                .doesNotContain("HTTP_AUTHORIZATION")
                .doesNotContain(owner.token())
                .doesNotContain(secret);
        // A body past the container's profile's limit (256 KB for small; proxy.max_body, 1 MB, for the others) is
        // refused (a chunked one too: HttpForwarderTest); one within it reaches the app whole.
        HttpResponse<String> tooLarge = send(
                browser,
                HttpRequest.newBuilder(URI.create(app.origin() + "/cgi-bin/upload"))
                        .header("Cookie", app.cookie())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[300 * 1024])));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("262144 bytes");
        HttpResponse<String> within = send(
                browser,
                HttpRequest.newBuilder(URI.create(app.origin() + "/cgi-bin/upload"))
                        .header("Cookie", app.cookie())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200 * 1024])));
        assertThat(within.statusCode()).as(within.body()).isEqualTo(200);
        assertThat(within.body()).contains(Integer.toString(200 * 1024));

        // Proxied traffic is activity: the container's last activity moves on.
        String before = api.get("/containers/web", owner.token())
                .json()
                .path("last_activity_at")
                .asString("");
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    get(browser, app.origin() + "/index.html", "Cookie", app.cookie());
                    String now = api.get("/containers/web", owner.token())
                            .json()
                            .path("last_activity_at")
                            .asString("");
                    return !now.isEmpty()
                            && (before.isEmpty()
                                    || java.time.Instant.parse(now).isAfter(java.time.Instant.parse(before)));
                });

        // The app's origin never serves the API or the dashboard.
        HttpResponse<String> apiOnAppHost =
                get(browser, app.origin() + "/containers", "Authorization", "Bearer " + owner.token());
        assertThat(apiOnAppHost.body()).doesNotContain("\"id\"");

        // An unknown app host is nobody's, and never the API's.
        HttpResponse<String> unknown = get(browser, "http://8000-x-000000000000.localhost:" + port + "/users/me");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No such app");

        // Its ports: the levels set, with their origins.
        ApiClient.Response ports = api.get("/containers/web/ports", owner.token());
        assertThat(ports.status()).isEqualTo(200);
        assertThat(ports.body()).isEqualTo("[]");
        assertThat(api.send(api.request("/containers/web/ports/8000", owner.token())
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"access\": \"users\"}")))
                        .json()
                        .get("origin")
                        .asString())
                .isEqualTo(app.origin());
        assertThat(api.get("/containers/web/ports", owner.token())
                        .json()
                        .get(0)
                        .get("access")
                        .asString())
                .isEqualTo("users");
    }

    @Test
    void anotherUserGetsNotFoundOnAnOwnerPortPassesOnAUsersPortAndPublicIsRefused() {
        ApiClient.Session owner = api.newUser("app-owner");
        ApiClient.Session other = api.newUser("app-other");
        HttpClient browser = browser(port);
        App app = openApp(owner, browser);

        ApiClient.Response refused = open(other, app.id(), 8000);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("code").asString()).isEqualTo("container_not_found");
        assertThat(open(other, "web", 8000).status()).isEqualTo(404);

        ApiClient.Response toPublic = put(owner, "/containers/web/ports/8000", "{\"access\": \"public\"}");
        assertThat(toPublic.status()).isEqualTo(403);
        assertThat(toPublic.json().get("code").asString()).isEqualTo("public_access_not_allowed");
        assertThat(put(owner, "/containers/web/ports/8000", "{\"access\": \"everyone\"}")
                        .status())
                .isEqualTo(400);
        assertThat(put(owner, "/containers/web/ports/70000", "{\"access\": \"users\"}")
                        .status())
                .isEqualTo(400);

        assertThat(put(owner, "/containers/web/ports/8000", "{\"access\": \"users\"}")
                        .status())
                .isEqualTo(200);
        ApiClient.Response opened = open(other, app.id(), 8000);
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        String url = opened.json().get("url").asString();
        assertThat(origin(url)).isEqualTo(app.origin());
        String otherCookie = cookieFrom(browser, url);
        assertThat(get(browser, app.origin() + "/index.html", "Cookie", otherCookie)
                        .body())
                .isEqualTo("hello from the app\n");
        // Back to owner: the other user's session no longer opens it (within the directory's cache).
        assertThat(put(owner, "/containers/web/ports/8000", "{\"access\": \"owner\"}")
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(browser, app.origin() + "/index.html", "Cookie", otherCookie)
                                .statusCode()
                        == 401);
        assertThat(open(other, app.id(), 8000).status()).isEqualTo(404);
        // And not a stopped app: 409.
        assertThat(api.patch("/containers/web/stop", owner.token()).status()).isEqualTo(200);
        ApiClient.Response stopped = open(owner, "web", 8000);
        assertThat(stopped.status()).isEqualTo(409);
        assertThat(stopped.json().get("code").asString()).isEqualTo("container_not_running");
    }

    @Test
    void aShareLinkOpensTheAppWithoutAnAccountUntilItIsRevokedOrExpires() {
        ApiClient.Session owner = api.newUser("app-owner");
        HttpClient browser = browser(port);
        App app = openApp(owner, browser);

        assertThat(api.post("/containers/web/shares", "{\"port\": 8000, \"expires_in\": \"soon\"}", owner.token())
                        .status())
                .isEqualTo(400);
        assertThat(api.post("/containers/web/shares", "{\"port\": 8000, \"expires_in\": \"8d\"}", owner.token())
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("invalid_expires_in");
        ApiClient.Response made =
                api.post("/containers/web/shares", "{\"port\": 8000, \"expires_in\": \"24h\"}", owner.token());
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        String link = made.json().get("url").asString();
        String shareId = made.json().get("id").asString();
        assertThat(origin(link)).isEqualTo(app.origin());
        assertThat(api.get("/containers/web/shares", owner.token())
                        .json()
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(shareId);

        // Two visitors, no account: each gets a session of its own, and each first use is audited.
        String visitor = cookieFrom(browser, link);
        String second = cookieFrom(browser, link);
        assertThat(visitor).isNotEqualTo(second);
        assertThat(get(browser, app.origin() + "/index.html", "Cookie", visitor).body())
                .isEqualTo("hello from the app\n");
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'container.share.open' "
                                + "and user_id = :user")
                        .param("user", Long.parseLong(owner.userId()))
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        // Revoked: the link and the sessions it made open nothing.
        assertThat(api.delete("/containers/web/shares/" + shareId, owner.token())
                        .status())
                .isEqualTo(204);
        assertThat(api.delete("/containers/web/shares/" + shareId, owner.token())
                        .status())
                .isEqualTo(404);
        assertThat(get(browser, app.origin() + "/index.html", "Cookie", visitor).statusCode())
                .isEqualTo(401);
        assertThat(get(browser, link).statusCode()).isEqualTo(404);

        // Expired: the same.
        String other = api.post("/containers/web/shares", "{\"port\": 8000, \"expires_in\": \"1h\"}", owner.token())
                .json()
                .get("url")
                .asString();
        String otherVisitor = cookieFrom(browser, other);
        jdbc.sql("update app_shares set expires_at = now() - interval '1 second'")
                .update();
        assertThat(get(browser, other).statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(browser, app.origin() + "/index.html", "Cookie", otherVisitor)
                                .statusCode()
                        == 401);
    }

    @Test
    void eventsArriveLineByLineWebSocketsTunnelBothWaysAndConnectionsAreBounded() throws Exception {
        ApiClient.Session owner = api.newUser("app-owner");
        HttpClient browser = browser(port);
        App app = openApp(owner, browser);

        // Server-Sent Events: the first event arrives while the stream is still open.
        HttpResponse<InputStream> sse = browser.send(
                HttpRequest.newBuilder(URI.create(app.origin() + "/cgi-bin/sse"))
                        .header("Cookie", app.cookie())
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader events = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8));
        assertThat(sse.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(events.readLine()).isEqualTo("data: one");

        // Three connections per owner: two more streams fill them, the next request is 429.
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(browser.send(
                    HttpRequest.newBuilder(URI.create(app.origin() + "/cgi-bin/sse"))
                            .header("Cookie", app.cookie())
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        HttpResponse<String> full = get(browser, app.origin() + "/index.html", "Cookie", app.cookie());
        assertThat(full.statusCode()).isEqualTo(429);
        assertThat(full.headers().firstValue("Retry-After")).isPresent();

        ApiClient.Response go = api.post("/containers/web/exec", "{\"cmd\": [\"touch\", \"/tmp/go\"]}", owner.token());
        assertThat(go.status()).as(go.body()).isEqualTo(200);
        assertThat(events.readLine()).isEmpty();
        assertThat(events.readLine()).isEqualTo("data: two");
        sse.body().close();
        for (HttpResponse<InputStream> stream : held) {
            stream.body().readAllBytes();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(browser, app.origin() + "/index.html", "Cookie", app.cookie())
                                .statusCode()
                        == 200);

        // WebSocket: the upgrade reaches the app, its frame comes back, ours goes to it and is echoed.
        String wsOrigin = app.origin().replace("http://8000-", "http://9000-");
        String wsUrl = api.post("/containers/web/ports/9000/open", "{}", owner.token())
                .json()
                .get("url")
                .asString();
        assertThat(origin(wsUrl)).isEqualTo(wsOrigin);
        String wsCookie = cookieFrom(browser, wsUrl);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /socket HTTP/1.1\r\nHost: " + wsOrigin.substring("http://".length()) + "\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: " + wsCookie + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(in.readNBytes(7)).isEqualTo(new byte[] {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o'});
            byte[] frame = {(byte) 0x81, (byte) 0x84, 1, 2, 3, 4, 'p' ^ 1, 'i' ^ 2, 'n' ^ 3, 'g' ^ 4};
            out.write(frame);
            out.flush();
            assertThat(in.readNBytes(frame.length)).isEqualTo(frame);
        }

        // A share's visitor on a WebSocket: revoking the share ends the open tunnel too, not only new requests.
        ApiClient.Response share =
                api.post("/containers/web/shares", "{\"port\": 9000, \"expires_in\": \"1h\"}", owner.token());
        String visitor = cookieFrom(browser, share.json().get("url").asString());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /socket HTTP/1.1\r\nHost: " + wsOrigin.substring("http://".length()) + "\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: " + visitor + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            assertThat(in.readNBytes(7)).isEqualTo(new byte[] {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o'});
            assertThat(api.delete(
                                    "/containers/web/shares/"
                                            + share.json().get("id").asString(),
                                    owner.token())
                            .status())
                    .isEqualTo(204);
            long revoked = System.nanoTime();
            // The canned peer says nothing more: the next read ends only when the proxy closes the tunnel.
            assertThat(in.read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void anotherSitesRequestsAPlantedCookieARepeatedShareAndASuspendedUserAreHandled() {
        ApiClient.Session owner = api.newUser("app-owner");
        HttpClient browser = browser(port);
        App app = openApp(owner, browser);
        String page = app.origin() + "/index.html";

        // Another site's page: its fetch with our cookie is refused, a navigation to the app passes.
        assertThat(get(browser, page, "Cookie", app.cookie(), "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors")
                        .statusCode())
                .isEqualTo(403);
        assertThat(get(browser, page, "Cookie", app.cookie(), "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "cors")
                        .statusCode())
                .isEqualTo(403);
        assertThat(get(
                                browser,
                                page,
                                "Cookie",
                                app.cookie(),
                                "Sec-Fetch-Site",
                                "same-site",
                                "Sec-Fetch-Mode",
                                "navigate")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(browser, page, "Cookie", app.cookie(), "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors")
                        .statusCode())
                .isEqualTo(200);
        // A post from another origin (a browser without Sec-Fetch-*): refused; from the app's own: passes.
        HttpResponse<String> foreign = send(
                browser,
                HttpRequest.newBuilder(URI.create(app.origin() + "/cgi-bin/echo"))
                        .header("Cookie", app.cookie())
                        .header("Origin", "http://8000-other-x-000000000000.localhost:" + port)
                        .POST(HttpRequest.BodyPublishers.ofString("a=1")));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).doesNotContain("REQUEST_METHOD");
        HttpResponse<String> own = send(
                browser,
                HttpRequest.newBuilder(URI.create(app.origin() + "/cgi-bin/echo"))
                        .header("Cookie", app.cookie())
                        .header("Origin", app.origin())
                        .POST(HttpRequest.BodyPublishers.ofString("a=1")));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);

        // A cookie of our name planted in front of ours (by another host of the same site) hides nothing.
        assertThat(get(browser, page, "Cookie", "cm_app_session=planted; " + app.cookie())
                        .statusCode())
                .isEqualTo(200);
        // A trailing dot is the same host in DNS: the apps' domain, never the dashboard.
        String dotted = app.origin().replace(".localhost:", ".localhost.:");
        HttpResponse<String> dot = get(browser, dotted + "/index.html", "Cookie", app.cookie());
        assertThat(dot.statusCode()).isEqualTo(404);
        assertThat(dot.body()).contains("No such app").doesNotContain("<script");

        // The same visitor following a share link again keeps its session: one session, one audit row.
        String link = api.post("/containers/web/shares", "{\"port\": 8000, \"expires_in\": \"1h\"}", owner.token())
                .json()
                .get("url")
                .asString();
        String visitor = cookieFrom(browser, link);
        HttpResponse<String> again = get(browser, link, "Cookie", visitor);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(jdbc.sql("select count(*) from app_sessions where share_id is not null and container_id = :id")
                        .param("id", app.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'container.share.open' "
                                + "and user_id = :user")
                        .param("user", Long.parseLong(owner.userId()))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // A suspended owner: neither the owner's session nor the share's visitors get in any longer.
        jdbc.sql("update users set state = 'suspended' where id = :id")
                .param("id", Long.parseLong(owner.userId()))
                .update();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(browser, page, "Cookie", app.cookie()).statusCode() == 401
                        && get(browser, page, "Cookie", visitor).statusCode() == 401);
        assertThat(get(browser, link).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> send(HttpClient browser, HttpRequest.Builder request) {
        try {
            return browser.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ApiClient.Response put(ApiClient.Session user, String path, String json) {
        return api.send(api.request(path, user.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
