package com.containermanager.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check that every integration test's answers go through: it must let the contract pass and stop drift. */
class ContractCheckTest {

    private static final String JOB = "/jobs/a8b42d45-b67e-4b77-88b9-a573631a06ee";
    private static final HttpHeaders JSON =
            HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true);

    @Test
    void shouldAcceptAJobWhoseResultCarriesTheContainerIdAsAString() {
        assertThatCode(() -> check("GET", JOB, 200, job("\"b635\""))).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAJobWhoseResultDriftedFromTheDocument() {
        assertThatThrownBy(() -> check("GET", JOB, 200, job("{\"id\": \"b635\"}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("container_id");
    }

    @Test
    void shouldRefuseAStatusTheOperationDoesNotDeclare() {
        assertThatThrownBy(() -> check("GET", JOB, 418, "{\"error\": \"i'm a teapot\", \"code\": \"i_am_a_teapot\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("418");
    }

    @Test
    void shouldAcceptTheErrorBodyOutsideTheDocumentButNothingElse() {
        assertThatCode(() -> check("GET", "/no-such-route", 404, "{\"error\": \"not found\", \"code\": \"not_found\"}"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(
                        "GET",
                        "/no-such-route",
                        404,
                        "{\"error\": \"x\", \"code\": \"not_found\", \"trace\": \"...\"}"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> check("GET", "/no-such-route", 404, "{\"error\": \"not found\"}"))
                .isInstanceOf(AssertionError.class); // no code
        assertThatThrownBy(() -> check("GET", "/no-such-route", 200, "{}")).isInstanceOf(AssertionError.class);
    }

    private static String job(String containerId) {
        return """
                {"id": "a8b42d45-b67e-4b77-88b9-a573631a06ee", "type": "container_creation", "status": "completed",
                 "result": {"container_id": %s}, "created_at": "2026-01-01T00:00:00Z",
                 "updated_at": "2026-01-01T00:00:01Z"}""".formatted(containerId);
    }

    private static void check(String method, String path, int status, String body) {
        ContractCheck.check(
                method, URI.create("http://127.0.0.1" + path), status, JSON, body.getBytes(StandardCharsets.UTF_8));
    }
}
