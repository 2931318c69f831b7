package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** How the service serves the dashboard, without a browser: paths, policy, compression, and the API unchanged. */
class DashboardServingIT extends IntegrationTest {

    @Test
    void theRootAndEveryPathUnderUiServeThePageWithAStrictPolicy() {
        for (String path : new String[] {"/", "/ui", "/ui/containers", "/ui/containers/new", "/ui/no/such/page"}) {
            ApiClient.Response page = api.get(path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/app.js\"></script>");
            String policy = page.header("Content-Security-Policy");
            assertThat(policy)
                    .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                    .contains("connect-src 'self' ws://127.0.0.1:" + port + " wss://127.0.0.1:" + port)
                    .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        }
    }

    @Test
    void aHostileHostHeaderDoesNotReachThePolicy() {
        assertThat(DashboardController.contentSecurityPolicy("evil.example; script-src *"))
                .doesNotContain("evil")
                .contains("connect-src 'self';");
        assertThat(DashboardController.contentSecurityPolicy("[::1]:8080")).contains("ws://[::1]:8080");
    }

    @Test
    void assetsAreAnonymousAndCompressedAndTheApiStillNeedsAToken() throws Exception {
        HttpResponse<byte[]> script = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(api.uri("/assets/views/containers.js"))
                                .header("Accept-Encoding", "gzip")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        assertThat(api.get("/webjars/xterm/4.9.0/lib/xterm.js", null).status()).isEqualTo(200);

        assertThat(api.get("/containers", null).status()).isEqualTo(401);
        assertThat(api.get("/files", null).status()).isEqualTo(401);
        assertThat(api.get("/webjars/swagger-ui/index.html", null).status()).isEqualTo(401);
    }

    @Test
    void unknownApiPathsStayJson404sAndSwaggerStays() {
        ApiClient.Session user = api.newUser("serving");
        ApiClient.Response unknown = api.get("/containerz", user.token());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("not found");
        ApiClient.Response missingAsset = api.get("/assets/no-such.js", null);
        assertThat(missingAsset.status()).isEqualTo(404);
        assertThat(missingAsset.error()).isEqualTo("not found");
        assertThat(api.get("/swagger/index.html", null).status()).isIn(200, 302);
        assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
    }
}
