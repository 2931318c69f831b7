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
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
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
     * Every error of the API has the one body {"error": "..."}: the document says so here, once, for every 4xx and
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
                    .values()
                    .forEach(path -> path.readOperations()
                            .forEach(operation -> operation.getResponses().forEach((status, response) -> {
                                if (status.startsWith("4") || status.startsWith("5")) {
                                    response.setContent(errorContent);
                                }
                            })));
        };
    }

    /** The document is written by swagger-core's own (Jackson 2) mapper: give it the API's snake_case names. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
}
