package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.ContainerManagerApplication;
import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Who the client is, when X-Forwarded-For says otherwise. The service runs as under Kubernetes (the variables that
 * make Spring Boot turn forwarded-header handling on by itself), and the test client, on loopback, claims other
 * addresses; the login throttle's address key shows which address the service believed.
 */
class ForwardedHeadersIT {

    private static final int ADDRESS_FREE_FAILURES = 3;

    @Test
    void shouldIgnoreXForwardedForUnderKubernetesWhenNoProxyIsTrusted() {
        try (ConfigurableApplicationContext app = start(Map.of())) {
            ApiClient api = new ApiClient(port(app));
            for (int i = 1; i <= ADDRESS_FREE_FAILURES; i++) {
                assertThat(wrongLogin(api, "10.9.9." + i).status()).isEqualTo(401);
            }

            ApiClient.Response next = wrongLogin(api, "10.9.9.99");

            assertThat(next.status())
                    .as("every attempt counted against the real peer, loopback, whatever the header said")
                    .isEqualTo(429);
            assertThat(api.send(api.request("/actuator/prometheus", null)
                                    .header("X-Forwarded-For", "127.0.0.1")
                                    .GET())
                            .status())
                    .as("no metrics on the API's port, whatever the claimed address")
                    .isEqualTo(404);
        }
    }

    @Test
    void shouldTakeTheClientsAddressFromXForwardedForBehindATrustedProxy() {
        try (ConfigurableApplicationContext app = start(Map.of("cm.server.trusted-proxies", "127.0.0.1, ::1"))) {
            ApiClient api = new ApiClient(port(app));
            for (int i = 0; i < ADDRESS_FREE_FAILURES; i++) {
                assertThat(wrongLogin(api, "203.0.113.7").status()).isEqualTo(401);
            }

            assertThat(wrongLogin(api, "203.0.113.7").status())
                    .as("that client's address is blocked")
                    .isEqualTo(429);
            assertThat(wrongLogin(api, "203.0.113.8").status())
                    .as("another client behind the same proxy is not")
                    .isEqualTo(401);
            assertThat(wrongLogin(api, "198.51.100.1, 203.0.113.7").status())
                    .as("the proxy's own entry is the last one; what the client prepended is not believed")
                    .isEqualTo(429);
        }
    }

    private static ApiClient.Response wrongLogin(ApiClient api, String forwardedFor) {
        String body = ApiClient.json(Map.of(
                "username", "nobody-" + UUID.randomUUID().toString().substring(0, 8), "password", "wrong-password"));
        return api.send(api.request("/users/login", null)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    /** The application as under Kubernetes: the two variables are in its system environment, where Boot looks. */
    private static ConfigurableApplicationContext start(Map<String, Object> extra) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> variables = new HashMap<>(System.getenv());
        variables.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        variables.put("KUBERNETES_SERVICE_PORT", "443");
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        Path dir = Path.of("target", "it-runs", IntegrationTest.RUN_ID, "forwarded-" + UUID.randomUUID())
                .toAbsolutePath();
        Map<String, Object> properties = new HashMap<>(Map.of(
                "config.file",
                dir.resolve("no-config.yaml").toString(),
                "cm.data-dir",
                dir.resolve("data").toString(),
                "cm.storage.base-path",
                dir.resolve("uploads").toString(),
                "cm.docker.labels[" + IntegrationTest.TEST_LABEL + "]",
                IntegrationTest.RUN_ID,
                "cm.jobs.workers",
                "0",
                "cm.auth.throttle.address-free-failures",
                Integer.toString(ADDRESS_FREE_FAILURES),
                "server.port",
                "0",
                "management.server.port",
                "0"));
        properties.putAll(extra);
        // First in line, over application.yaml (SpringApplicationBuilder.properties would come after it).
        environment.getPropertySources().addFirst(new MapPropertySource("forwarded-headers-test", properties));
        return new SpringApplicationBuilder(ContainerManagerApplication.class)
                .environment(environment)
                .run();
    }
}
