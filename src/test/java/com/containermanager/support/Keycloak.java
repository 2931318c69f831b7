package com.containermanager.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak, from its server distribution (Maven Central's org.keycloak:keycloak-quarkus-dist, unpacked by
 * scripts/ensure-keycloak.sh), started in dev mode on a free loopback port with an in-memory database. A realm is
 * imported from a JSON file through Keycloak's admin REST API, and users' groups are changed the same way. Its start
 * time and memory are measured and written to target/keycloak-metrics.json.
 */
public final class Keycloak implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VERSION = "26.7.3";
    private static final String ADMIN = "admin";

    private final Path home;
    private final int port = SwitchableEngineProxy.freePort();
    private final String adminPassword = UUID.randomUUID().toString();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path log;
    private Process process;
    private Duration startedIn;
    private long residentBytes;

    private Keycloak(Path home, Path log) {
        this.home = home;
        this.log = log;
    }

    /** Where ensure-keycloak.sh put it: -Dcm.keycloak.home, else the cache folder it uses by default. */
    public static Path home() {
        String configured = System.getProperty("cm.keycloak.home", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        String cache = System.getenv("CM_CACHE_DIR");
        if (cache == null || cache.isBlank()) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            cache = (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg))
                    .resolve("container-manager")
                    .toString();
        }
        return Path.of(cache, "keycloak-" + VERSION);
    }

    /**
     * Starts it, without waiting (a test context can start meanwhile: the service reads the provider's discovery
     * document at the first sign-in); {@link #awaitReady} waits. Its output goes to {@code log}.
     */
    public static Keycloak start(Path log) {
        Path home = home();
        if (!Files.isRegularFile(home.resolve(".ready"))) {
            throw new IllegalStateException(
                    "Keycloak is not in " + home + ": run scripts/ensure-keycloak.sh (make integration-test does)");
        }
        Keycloak keycloak = new Keycloak(home, log);
        keycloak.launch();
        return keycloak;
    }

    private long began;

    private void launch() {
        began = System.nanoTime();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                            home.resolve("bin").resolve("kc.sh").toString(),
                            "start-dev",
                            "--db=dev-mem",
                            "--http-host=127.0.0.1",
                            "--http-port=" + port,
                            "--cache=local")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            // A heap that fits beside the service's and the browser's on a 2-core, shared machine.
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            // Start-up time matters more here than peak speed: the C1 compiler only.
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until it answers (once), and records how long that took and how much memory it holds. */
    public synchronized Keycloak awaitReady() {
        if (startedIn != null) {
            return this;
        }
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast("Keycloak exited; see " + log, () -> !process.isAlive())
                .until(() -> get(issuer("master") + "/.well-known/openid-configuration")
                                .statusCode()
                        == 200);
        startedIn = Duration.ofNanos(System.nanoTime() - began);
        residentBytes = resident();
        System.out.printf(
                "Keycloak %s: answered %d ms after its start, %d MiB resident%n",
                VERSION, startedIn.toMillis(), residentBytes >> 20);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(
                    Path.of("target", "keycloak-metrics.json"),
                    "{\"version\": \"%s\", \"start_ms\": %d, \"resident_bytes\": %d}%n"
                            .formatted(VERSION, startedIn.toMillis(), residentBytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The Java process's resident memory (kc.sh starts it as a child). */
    private long resident() {
        return process.descendants()
                .mapToLong(child -> {
                    try {
                        return Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "status")).stream()
                                .filter(line -> line.startsWith("VmRSS:"))
                                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                                .sum();
                    } catch (IOException e) {
                        return 0;
                    }
                })
                .sum();
    }

    public String issuer(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    public Duration startedIn() {
        return startedIn;
    }

    public long residentBytes() {
        return residentBytes;
    }

    /** Imports a realm from a JSON file, with ${NAME} placeholders replaced by the given values (pairs). */
    public void importRealm(Path file, String... replacements) {
        try {
            String realm = Files.readString(file);
            for (int i = 0; i < replacements.length; i += 2) {
                realm = realm.replace("${" + replacements[i] + "}", replacements[i + 1]);
            }
            HttpResponse<String> created = send(admin("/admin/realms")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(realm)));
            if (created.statusCode() != 201) {
                throw new IllegalStateException(
                        "realm import answered " + created.statusCode() + ": " + created.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the user's groups in the realm exactly these (by name). */
    public void setGroups(String realm, String username, List<String> groups) {
        String base = "/admin/realms/" + realm;
        String userId = json(admin(base + "/users?exact=true&username=" + encode(username))
                        .GET())
                .get(0)
                .get("id")
                .asString();
        JsonNode current = json(admin(base + "/users/" + userId + "/groups").GET());
        for (JsonNode group : current) {
            send(admin(base + "/users/" + userId + "/groups/" + group.get("id").asString())
                    .DELETE());
        }
        for (JsonNode group : json(admin(base + "/groups").GET())) {
            if (groups.contains(group.get("name").asString())) {
                send(admin(base + "/users/" + userId + "/groups/"
                                + group.get("id").asString())
                        .PUT(HttpRequest.BodyPublishers.noBody()));
            }
        }
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken());
    }

    private String adminToken() {
        String form =
                "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password=" + encode(adminPassword);
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(URI.create(issuer("master") + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
        return JSON.readTree(answer.body()).get("access_token").asString();
    }

    private JsonNode json(HttpRequest.Builder request) {
        return JSON.readTree(send(request).body());
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Stops the Java process and the script that started it. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
