package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.RawHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FoundationIT extends IntegrationTest {

    @Test
    void shouldGiveAnonymousCallersTheHealthStatusOnly() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            ApiClient.Response health = api.get(path, null);

            assertThat(health.status()).as(path).isEqualTo(200);
            assertThat(health.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void shouldReportPostgresAndTheDockerEngineOnTheManagementPort() {
        ApiClient.Response health = management.get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        JsonNode components = health.json().get("components");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("dockerEngine").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("dockerEngine").get("details").get("version").asString())
                .isNotBlank();
    }

    @Test
    void shouldAnswerErrorsOnTheManagementPortWithTheContractsJsonBodyToo() {
        ApiClient.Response wrongMethod =
                management.send(management.request("/actuator/prometheus", null).DELETE());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"method not allowed\",\"code\":\"method_not_allowed\"}");
        ApiClient.Response anonymous = management.get("/no-such-endpoint", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"error\":\"unauthorized\",\"code\":\"unauthorized\"}");

        RawHttp.Answer rejected =
                RawHttp.exchange(managementPort, "GET /actuator/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.header("Content-Type")).startsWith("application/json");
        assertThat(rejected.body()).isEqualTo("{\"error\":\"bad request\",\"code\":\"invalid_request\"}");
    }

    @Test
    void shouldAnswerSpringsOwnFailuresWithTheContractsJsonBody() {
        String token = api.newUser("foundation").token();

        assertError(api.get("/no-such-route", token), 404, "not found");
        assertError(
                api.send(api.request("/containers", token).PUT(HttpRequest.BodyPublishers.noBody())),
                405,
                "method not allowed");
        assertError(
                api.send(api.request("/containers", token)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("image=alpine"))),
                415,
                "unsupported media type");
        assertError(api.post("/containers", "{\"image\": ", token), 400, "malformed JSON body");
        assertError(api.post("/containers", "", token), 400, "request body is missing or unreadable");
        assertError(api.get("/containers", null), 401, "unauthorized");
    }

    @Test
    void shouldRefuseAHugeJsonBodyBeforeReadingItAndStayUp() throws Exception {
        long twentyMiB = 20L * 1024 * 1024;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + twentyMiB + "\r\n\r\n{\"username\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write("a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String response = readUntil(socket.getInputStream(), "}");
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("{\"error\":\"request body exceeds");
        }
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.newUser("after-huge").token()).isNotBlank();
    }

    @Test
    void shouldRefuseAHugeChunkedJsonBodyWhileReadingIt() {
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(("{\"username\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}")
                        .getBytes(StandardCharsets.US_ASCII)));

        ApiClient.Response refused = api.send(api.request("/users", null)
                .header("Content-Type", "application/json")
                .POST(chunked));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).startsWith("request body exceeds");
    }

    @Test
    void shouldServeSwaggerUiAndTheOpenApiDocument() {
        ApiClient.Response ui =
                api.send(api.request("/swagger/index.html", null).GET());
        ApiClient.Response redirected = ui.status() == 302
                ? api.send(api.request(api.uri(ui.header("Location")).getPath(), null)
                        .GET())
                : ui;
        assertThat(redirected.status()).isEqualTo(200);
        assertThat(redirected.body()).containsIgnoringCase("swagger");

        JsonNode document = api.get("/v3/api-docs", null).json();
        assertThat(document.get("paths").propertyNames())
                .contains(
                        "/users",
                        "/users/login",
                        "/containers",
                        "/containers/{id}",
                        "/containers/{id}/start",
                        "/containers/{id}/stop",
                        "/jobs",
                        "/jobs/{id}",
                        "/files",
                        "/files/{name}");
        assertThat(document.get("components").get("securitySchemes").has("bearer"))
                .isTrue();
    }

    private static String readUntil(java.io.InputStream in, String end) throws java.io.IOException {
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[4096];
        int n;
        while (!received.toString().contains(end) && (n = in.read(buffer)) > 0) {
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return received.toString();
    }

    private static void assertError(ApiClient.Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.error()).isEqualTo(message);
    }
}
