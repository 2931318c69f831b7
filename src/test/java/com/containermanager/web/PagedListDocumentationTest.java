package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

/** What every paged list gets in the OpenAPI document, and what an operation that is not one keeps. */
class PagedListDocumentationTest {

    private final PagedListDocumentation documentation = new PagedListDocumentation();

    @SuppressWarnings("unused")
    static class Lists {
        List<String> paged(PageRequest page) {
            return List.of();
        }

        List<String> pagedBefore(PageRequest page, String before) {
            return List.of();
        }

        String single(String id) {
            return id;
        }
    }

    @Test
    void shouldGiveAPagedListItsSentenceCursorHeaderAndBadRequest() throws Exception {
        Operation operation = operation("One engine call per page.");

        documentation.customize(operation, handler("paged", PageRequest.class));

        assertThat(operation.getDescription()).isEqualTo("One engine call per page. " + PagedListDocumentation.PAGED);
        assertThat(operation.getResponses().get("200").getHeaders()).containsOnlyKeys(PagedResponse.NEXT_CURSOR);
        assertThat(operation
                        .getResponses()
                        .get("200")
                        .getHeaders()
                        .get(PagedResponse.NEXT_CURSOR)
                        .getDescription())
                .isEqualTo(PageLimit.NEXT_CURSOR_DESCRIPTION);
        assertThat(operation.getResponses().get("400").getDescription()).isEqualTo("Invalid limit or cursor");
    }

    @Test
    void shouldNameBeforeWhereTheListTakesIt() throws Exception {
        Operation operation = operation(null).addParametersItem(new Parameter().name("before"));

        documentation.customize(operation, handler("pagedBefore", PageRequest.class, String.class));

        assertThat(operation.getDescription()).isEqualTo(PagedListDocumentation.PAGED);
        assertThat(operation.getResponses().get("400").getDescription()).isEqualTo("Invalid limit, before or cursor");
    }

    @Test
    void shouldLeaveAnOperationThatIsNoListAsItIs() throws Exception {
        Operation operation = operation("One of them.");

        documentation.customize(operation, handler("single", String.class));

        assertThat(operation.getDescription()).isEqualTo("One of them.");
        assertThat(operation.getResponses().get("200").getHeaders()).isNull();
        assertThat(operation.getResponses()).doesNotContainKey("400");
    }

    private static Operation operation(String description) {
        return new Operation()
                .description(description)
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
    }

    private static HandlerMethod handler(String name, Class<?>... parameters) throws NoSuchMethodException {
        return new HandlerMethod(new Lists(), Lists.class.getDeclaredMethod(name, parameters));
    }
}
