package com.containermanager.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every answer the tests receive against the committed OpenAPI document (docs/openapi.json), with
 * Atlassian's validator: the status must be declared for the operation, the content type allowed, the body valid
 * against the schema. So any drift between the code and the document fails `make test`. A request outside the
 * document (an unknown route, a method a path does not take) must still get the contract's error body.
 */
final class ContractCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator.createForSpecificationUrl(
                    Path.of("docs", "openapi.json").toAbsolutePath().toUri().toString())
            .build();

    /** Left out by name, each with its reason. */
    private static final List<Exclusion> EXCLUDED = List.of(
            new Exclusion("GET", "/v3/api-docs(/.*)?", "the document itself, and the source of what is checked here"),
            new Exclusion("GET", "/swagger(-ui)?/.*", "Swagger UI: HTML, scripts and styles, not the API"),
            new Exclusion(
                    "GET", "/files/[^/]+", "binary download: the bytes of the file, in ranges too (success only)"),
            new Exclusion(
                    "GET",
                    "/|/ui(/.*)?|/assets/.*|/webjars/.*",
                    "static: the dashboard's page, scripts and styles, not the API (2xx and 3xx only)"));

    private ContractCheck() {}

    static void check(String method, URI uri, int status, HttpHeaders headers, byte[] body) {
        String path = uri.getRawPath();
        if (isExcluded(method, path, status) || isStream(status, headers)) {
            return;
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withBody(body);
        headers.map().forEach(response::withHeader);
        ValidationReport report = VALIDATOR.validateResponse(
                path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
        if (outsideTheDocument(report)) {
            requireErrorBody(method, path, status, headers, body);
            return;
        }
        if (report.hasErrors()) {
            throw new AssertionError("%s %s answered %d, which docs/openapi.json does not allow:%n%s%nbody: %s"
                    .formatted(method, path, status, describe(report), new String(body)));
        }
    }

    /**
     * Streams (followed logs, stats and events as Server-Sent Events, logs as NDJSON or plain text, which may be
     * empty) are described in words in the
     * document, not as a schema: a successful stream is left out; its errors are the API's one body, and checked.
     */
    private static boolean isStream(int status, HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("");
        return status < 400
                && (type.startsWith("text/event-stream")
                        || type.startsWith("application/x-ndjson")
                        || type.startsWith("text/plain"));
    }

    private static boolean isExcluded(String method, String path, int status) {
        return EXCLUDED.stream().anyMatch(exclusion -> exclusion.matches(method, path, status));
    }

    private static boolean outsideTheDocument(ValidationReport report) {
        return report.getMessages().stream()
                .anyMatch(message -> message.getKey().equals("validation.request.path.missing")
                        || message.getKey().equals("validation.request.operation.notAllowed"));
    }

    /** An undocumented route or method: only an error is a fitting answer, and it has the contract's one shape. */
    private static void requireErrorBody(String method, String path, int status, HttpHeaders headers, byte[] body) {
        String context =
                method + " " + path + " (not in docs/openapi.json) answered " + status + ": " + new String(body);
        if (status < 400) {
            throw new AssertionError(context);
        }
        if (!headers.firstValue("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError(context + " without a JSON content type");
        }
        JsonNode error = JSON.readTree(body);
        if (error.size() != 2
                || !error.has("error")
                || !error.get("error").isString()
                || !error.has("code")
                || !error.get("code").isString()) {
            throw new AssertionError(context + " is not {\"error\": \"...\", \"code\": \"...\"}");
        }
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream()
                .map(message -> "  " + message.getKey() + ": " + message.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private record Exclusion(String method, String pathPattern, String reason) {
        boolean matches(String requestMethod, String path, int status) {
            // Binary and static answers are left out when they succeed; their errors are still the API's body.
            boolean successOnly = reason.startsWith("binary") || reason.startsWith("static");
            return method.equalsIgnoreCase(requestMethod)
                    && Pattern.matches(pathPattern, path)
                    && (!successOnly || status < 400);
        }
    }
}
