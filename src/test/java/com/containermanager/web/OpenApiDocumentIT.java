package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.IntegrationTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/openapi.json is the committed contract for client developers. `make gen-doc` rewrites it through this test
 * (-Dcm.openapi.write=true); otherwise the test fails when the committed file no longer matches the code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiDocumentIT extends IntegrationTest {

    private static final Path COMMITTED = Path.of("docs", "openapi.json");

    /** First, and past the shared client: `make gen-doc` writes the document as the service orders its keys. */
    @Test
    @Order(1)
    void shouldMatchTheCommittedDocument() throws Exception {
        String live = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(api.uri("/v3/api-docs")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()
                        .strip()
                + "\n";
        if (Boolean.getBoolean("cm.openapi.write")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, live);
        }
        assertThat(COMMITTED).as("docs/openapi.json exists; run make gen-doc").exists();
        // Compared as JSON: the response validator of the tests (ContractCheck) loads swagger's own JSON mappers in
        // this JVM, and after that the document comes out with its keys in another order, the same document still.
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(Files.readString(COMMITTED)))
                .as("docs/openapi.json is out of date: run make gen-doc")
                .isEqualTo(json.readTree(live));
    }

    @Test
    void shouldDescribeEveryEndpointWithItsErrorStatuses() {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("post /users", List.of("200", "400", "409")),
                Map.entry("post /users/login", List.of("200", "400", "401", "429")),
                Map.entry("get /containers", List.of("200", "401", "503")),
                Map.entry("post /containers", List.of("200", "400", "401", "409")),
                Map.entry("get /containers/{id}", List.of("200", "401", "404", "503")),
                Map.entry("patch /containers/{id}/start", List.of("200", "401", "404", "409", "503")),
                Map.entry("patch /containers/{id}/stop", List.of("200", "400", "401", "404", "409", "503")),
                Map.entry("delete /containers/{id}", List.of("200", "401", "404", "409", "503")),
                Map.entry("get /jobs/{id}", List.of("200", "401", "404")),
                Map.entry("get /jobs", List.of("200", "400", "401")),
                Map.entry("get /audit", List.of("200", "400", "401")),
                Map.entry("patch /containers/{id}/restart", List.of("200", "400", "401", "404", "409", "503")),
                Map.entry("get /containers/{id}/logs", List.of("200", "400", "401", "404", "429", "503")),
                Map.entry("get /containers/{id}/stats", List.of("200", "401", "404", "429", "503")),
                Map.entry("post /containers/{id}/exec", List.of("200", "400", "401", "404", "409", "503")),
                Map.entry("post /containers/{id}/console", List.of("200", "400", "401", "404")),
                Map.entry("get /containers/{id}/console", List.of("101", "401", "404", "409", "429", "503")),
                Map.entry("get /events", List.of("200", "401", "429")));

        expected.forEach((operation, statuses) -> {
            String[] methodAndPath = operation.split(" ");
            JsonNode responses =
                    paths.get(methodAndPath[1]).get(methodAndPath[0]).get("responses");
            assertThat(responses.propertyNames()).as(operation).containsAll(statuses);
            statuses.stream()
                    .filter(status -> status.startsWith("4") || status.startsWith("5"))
                    .forEach(status -> assertThat(responses
                                    .get(status)
                                    .get("content")
                                    .get("application/json")
                                    .get("schema")
                                    .get("$ref")
                                    .asString())
                            .as(operation + " " + status)
                            .endsWith("/ApiError"));
        });
        JsonNode request = api.get("/v3/api-docs", null)
                .json()
                .get("components")
                .get("schemas")
                .get("CreateContainerRequest");
        assertThat(request.get("example").toString()).contains("alpine", "tail", "/dev/null");
        assertThat(request.get("properties").propertyNames())
                .containsExactlyInAnyOrder("image", "cmd", "env", "files", "name", "profile", "lifecycle", "volumes");
        JsonNode schemas =
                api.get("/v3/api-docs", null).json().get("components").get("schemas");
        assertThat(schemas.get("VolumeResponse").get("properties").propertyNames())
                .containsExactlyInAnyOrder("name", "size_bytes", "used_bytes", "limit", "created_at", "state");
        assertThat(schemas.get("ExecResponse").get("properties").propertyNames())
                .containsExactlyInAnyOrder("exit_code", "stdout", "stderr", "truncated", "timed_out");
        assertThat(schemas.get("StatsResponse").get("properties").propertyNames())
                .contains("cpu_percent", "memory_limit_bytes", "network_rx_bytes", "block_write_bytes", "pids");
        assertThat(schemas.get("ConsoleTicketResponse").get("properties").propertyNames())
                .containsExactlyInAnyOrder("ticket", "expires_in");
        JsonNode job = api.get("/v3/api-docs", null)
                .json()
                .get("components")
                .get("schemas")
                .get("JobResponse");
        assertThat(job.get("properties").propertyNames())
                .as("names as on the wire")
                .contains("created_at", "updated_at");
    }
}
