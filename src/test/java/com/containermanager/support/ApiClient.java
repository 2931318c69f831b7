package com.containermanager.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the running service, as an outside client would talk to it. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http;
    private final String base;
    private final boolean checkContract;

    public ApiClient(int port) {
        this(port, true);
    }

    private ApiClient(int port, boolean checkContract) {
        this.base = "http://127.0.0.1:" + port;
        this.checkContract = checkContract;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The management port: the Actuator's own answers (metrics, health details), which are not the API's. */
    public static ApiClient management(int port) {
        return new ApiClient(port, false);
    }

    /** A client whose connections come from this local address (127.0.0.2, say): another client, to the server. */
    public ApiClient(int port, InetAddress from) {
        this.base = "http://127.0.0.1:" + port;
        this.checkContract = true;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .localAddress(from)
                .build();
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public record Response(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String error() {
            return json().get("error").asString();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public record Session(String userId, String username, String token) {}

    public Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Response post(String path, String json, String token) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String token) {
        return send(request(path, token).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    /** Uploads a file as multipart/form-data, with the name written raw into the part header. */
    public Response upload(String token, String fileName, byte[] content) {
        return send(request("/files", token)
                .header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Multipart.body(fileName, content))));
    }

    /** GET with the body as bytes; range, when not null, is sent as the Range header. */
    public HttpResponse<byte[]> download(String path, String token, String range) {
        HttpRequest.Builder builder = request(path, token).GET();
        if (range != null) {
            builder.header("Range", range);
        }
        return exchange(builder);
    }

    public Response send(HttpRequest.Builder builder) {
        HttpResponse<byte[]> response = exchange(builder);
        return new Response(
                response.statusCode(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
    }

    /** Every answer is checked against docs/openapi.json (see {@link ContractCheck}) before a test sees it. */
    private HttpResponse<byte[]> exchange(HttpRequest.Builder builder) {
        try {
            HttpRequest request = builder.build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (checkContract) {
                ContractCheck.check(
                        request.method(), request.uri(), response.statusCode(), response.headers(), response.body());
            }
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * Registers a user with a fresh name and logs in. Both wait their turn, as a client should, when every password
     * check slot is busy (429, about one per processor), which tests that make users in parallel meet.
     */
    public Session newUser(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"username\":\"%s\",\"password\":\"correct-horse\"}".formatted(username);
        Response registered = postTakingTurns("/users", body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        Response login = postTakingTurns("/users/login", body);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return new Session(
                login.json().get("id").asString(),
                username,
                login.json().get("token").asString());
    }

    private Response postTakingTurns(String path, String body) {
        return await().atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> post(path, body, null), response -> response.status() != 429);
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
