package com.containermanager.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents every paged list the same way, once: an operation whose handler takes a {@link PageRequest} gets the
 * paging sentence in its description, the {@code X-Next-Cursor} header on its 200 answer and a 400 for a bad
 * {@code limit}, {@code cursor} (or {@code before}, where it has one). Controllers declare only what is their own,
 * and their 200, whose body springdoc then derives from the handler's return type.
 */
final class PagedListDocumentation implements OperationCustomizer {

    static final String PAGED =
            "Paged: when more follow, " + PagedResponse.NEXT_CURSOR + " (and a Link rel=\"next\") give the next page.";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (Arrays.stream(handler.getMethodParameters())
                .noneMatch(parameter -> parameter.getParameterType() == PageRequest.class)) {
            return operation;
        }
        String own = operation.getDescription();
        operation.setDescription(own == null || own.isBlank() ? PAGED : own + " " + PAGED);
        ApiResponses responses = operation.getResponses();
        ApiResponse ok = responses.computeIfAbsent("200", status -> new ApiResponse().description("OK"));
        ok.addHeaderObject(
                PagedResponse.NEXT_CURSOR,
                new Header()
                        .description(PageLimit.NEXT_CURSOR_DESCRIPTION)
                        .style(Header.StyleEnum.SIMPLE)
                        .schema(new StringSchema()));
        responses.computeIfAbsent("400", status -> new ApiResponse().description(badRequest(operation)));
        return operation;
    }

    private static String badRequest(Operation operation) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        return parameters.stream().anyMatch(parameter -> "before".equals(parameter.getName()))
                ? "Invalid limit, before or cursor"
                : "Invalid limit or cursor";
    }
}
