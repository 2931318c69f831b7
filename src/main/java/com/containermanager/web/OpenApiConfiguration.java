package com.containermanager.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bearer scheme, required everywhere unless an operation says otherwise, so "Authorize" works in Swagger UI. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Container Manager",
                        version = "1",
                        description =
                                "Each user manages their own Docker containers: create (asynchronously, as a job), "
                                        + "list, start, stop, delete; and their own files."),
        servers = @Server(url = "/", description = "This server"),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiConfiguration {

    private static final String APPLICATION_JSON = "application/json";

    /**
     * Every error of the API has the one body {"error": "...", "code": "..."}: the document says so here, once, for every 4xx and
     * 5xx response the controllers declare, so they only name the status and when it happens.
     */
    @Bean
    OpenApiCustomizer errorBodies() {
        return openApi -> {
            Schema<?> apiError =
                    ModelConverters.getInstance(true).readAll(ApiError.class).get("ApiError");
            openApi.getComponents().addSchemas("ApiError", apiError);
            Content errorContent = new Content()
                    .addMediaType(
                            APPLICATION_JSON,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/ApiError")));
            openApi.getPaths()
                    .forEach((name, path) -> path.readOperations().forEach(operation -> {
                        declareCommonErrors(operation);
                        operation.getResponses().forEach((status, response) -> {
                            // Health answers DOWN (503) with its status, like UP; every other error has the error body.
                            boolean healthStatus = name.startsWith("/actuator/health") && status.equals("503");
                            if ((status.startsWith("4") || status.startsWith("5")) && !healthStatus) {
                                response.setContent(errorContent);
                            }
                        });
                    }));
        };
    }

    /**
     * Answers any operation can give, declared once here: 500 for the unexpected; for one that takes a token, 401, 403
     * for a missing scope and 429 past limits.requests_per_second (an operation's own 429 keeps its description); and
     * for one that takes a body, 415 for a content type it does not take and, for JSON bodies, 413 past
     * web.max_json_body.
     */
    private static void declareCommonErrors(Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.computeIfAbsent(
                "500", status -> new ApiResponse().description("internal error: an unexpected failure"));
        // An operation with the document's default security (none of its own) takes a token, and so a scope.
        if (operation.getSecurity() == null
                || operation.getSecurity().stream().anyMatch(requirement -> requirement.containsKey("bearer"))) {
            responses.computeIfAbsent(
                    "401",
                    status -> new ApiResponse()
                            .description("unauthorized: a missing or invalid token; account suspended"));
            responses.computeIfAbsent(
                    "403",
                    status -> new ApiResponse()
                            .description("missing scope: <scope> (a personal token without the endpoint's scope)"));
            responses.computeIfAbsent(
                    "429",
                    status ->
                            new ApiResponse().description("limit reached: requests_per_second (n), with Retry-After"));
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            responses.computeIfAbsent(
                    "415",
                    status -> new ApiResponse().description("unsupported media type: not the body type it takes"));
            if (operation.getRequestBody().getContent().containsKey(APPLICATION_JSON)) {
                responses.computeIfAbsent(
                        "413", status -> new ApiResponse().description("request body exceeds web.max_json_body"));
            }
        }
    }

    /** Paged lists are documented once, not per controller. */
    @Bean
    OperationCustomizer pagedLists() {
        return new PagedListDocumentation();
    }

    /** The document is written by swagger-core's own (Jackson 2) mapper: give it the API's snake_case names. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
}
