package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser's session (issue 21, point 9): login?cookie=true sets an HttpOnly, SameSite=Strict cookie scoped to
 * /users/token; it buys a bearer token there and authorises nothing else; log out ends it.
 */
class BrowserSessionIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theCookieBuysATokenAtItsEndpointAndNothingElse() throws Exception {
        ApiClient.Session user = api.newUser("cookie");
        HttpResponse<String> login = send(HttpRequest.newBuilder(api.uri("/users/login?cookie=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"" + user.username() + "\", \"password\": \"correct-horse\"}")));
        assertThat(login.statusCode()).isEqualTo(200);
        // Every right password also sets the login device cookie (the throttle's); the session is the other one.
        String setCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("cm_session="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie)
                .startsWith("cm_session=")
                .contains("Path=/users/token", "HttpOnly", "SameSite=Strict", "Max-Age=");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String value = cookie.substring(cookie.indexOf('=') + 1);
        assertThat(value).hasSizeGreaterThan(30);

        // A plain login sets no session cookie (only the login device's).
        HttpResponse<String> plain = send(HttpRequest.newBuilder(api.uri("/users/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"" + user.username() + "\", \"password\": \"correct-horse\"}")));
        assertThat(plain.headers().allValues("Set-Cookie")).noneMatch(header -> header.startsWith("cm_session="));

        // The cookie alone authorises no endpoint but its own, neither as a cookie nor as a bearer token.
        for (String path : new String[] {"/containers", "/users/me", "/jobs", "/files", "/audit"}) {
            assertThat(send(HttpRequest.newBuilder(api.uri(path))
                                    .header("Cookie", cookie)
                                    .GET())
                            .statusCode())
                    .as(path)
                    .isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(api.uri(path))
                                    .header("Authorization", "Bearer " + value)
                                    .GET())
                            .statusCode())
                    .as(path + " with the cookie's value as a token")
                    .isEqualTo(401);
        }

        // At its endpoint it buys a token that works.
        HttpResponse<String> refreshed = send(HttpRequest.newBuilder(api.uri("/users/token/refresh"))
                .header("Cookie", cookie)
                .POST(empty()));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(refreshed.body());
        assertThat(body.get("username").asString()).isEqualTo(user.username());
        assertThat(api.get("/containers", body.get("token").asString()).status())
                .isEqualTo(200);

        // Log out ends it: the cookie is removed, and refreshing with the old value fails.
        HttpResponse<String> logout = send(HttpRequest.newBuilder(api.uri("/users/token/logout"))
                .header("Cookie", cookie)
                .POST(empty()));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        HttpResponse<String> after = send(HttpRequest.newBuilder(api.uri("/users/token/refresh"))
                .header("Cookie", cookie)
                .POST(empty()));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(after.body()).get("code").asString()).isEqualTo("unauthorized");
        assertThat(send(HttpRequest.newBuilder(api.uri("/users/token/refresh")).POST(empty()))
                        .statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher empty() {
        return HttpRequest.BodyPublishers.noBody();
    }
}
