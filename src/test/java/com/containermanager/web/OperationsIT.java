package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OperationsIT extends IntegrationTest {

    @Test
    void shouldEchoTheRequestIdAndLogOneLinePerRequestWithIt(CapturedOutput output) {
        String token = api.newUser("request-id").token();

        ApiClient.Response response = api.send(api.request("/containers", token)
                .header("X-Request-Id", "trace-4711")
                .GET());
        ApiClient.Response generated = api.get("/containers", token);

        assertThat(response.header("X-Request-Id")).isEqualTo("trace-4711");
        assertThat(generated.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(output.getOut()).containsPattern("req=trace-4711 .*GET /containers 200 \\d+ms");
    }

    @Test
    void shouldReplaceAHostileRequestId() {
        ApiClient.Response response = api.send(api.request("/actuator/health", null)
                .header("X-Request-Id", "a b<script>")
                .GET());
        assertThat(response.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void shouldServeNoActuatorEndpointButHealthOnTheApiPort() {
        String token = api.newUser("actuator").token();
        for (String path : List.of(
                "/actuator/prometheus", "/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator")) {
            assertThat(api.get(path, null).status()).as(path).isIn(401, 403, 404);
            assertThat(api.get(path, token).status())
                    .as(path + " with a user's token")
                    .isIn(403, 404);
        }
    }

    @Test
    void shouldCountFinishedJobsAndEngineCallsInPrometheusMetrics() {
        ApiClient.Session user = api.newUser("metrics");
        double completedBefore = metric("cm_jobs_finished_total", "status=\"completed\",type=\"container_creation\"");

        createContainer(user, List.of("true"));
        api.get("/containers", user.token());

        assertThat(metric("cm_jobs_finished_total", "status=\"completed\",type=\"container_creation\""))
                .isEqualTo(completedBefore + 1);
        String scrape = scrape();
        assertThat(scrape).contains("cm_engine_calls_seconds_bucket{", "operation=\"create\"", "operation=\"list\"");
        assertThat(scrape).contains("cm_jobs_queue_depth", "cm_jobs_queue_oldest_age_seconds");
        assertThat(scrape).contains("http_server_requests_seconds_bucket{").contains("uri=\"/containers\"");
    }

    private String scrape() {
        ApiClient.Response response = management.get("/actuator/prometheus", null);
        assertThat(response.status()).as("the management port serves metrics").isEqualTo(200);
        return response.body();
    }

    private double metric(String name, String labels) {
        Matcher matcher = Pattern.compile(
                        "^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels) + "[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
