package com.containermanager.console;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The console's WebSocket endpoint. Its mapping comes before the controllers' and takes only upgrade requests, so
 * that GET-with-upgrade is the WebSocket and POST on the same path is the ticket controller. Any origin may
 * connect: nothing authenticates ambiently (no cookies), a client needs a ticket or a token, so a foreign page gains
 * nothing by opening one.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebSocketConfiguration {

    static final String PATH = "/containers/*/console";

    @Bean
    WebSocketHandlerMapping consoleWebSocketMapping(ConsoleHandler handler, ConsoleHandshake handshake) {
        DefaultHandshakeHandler handshakeHandler = new DefaultHandshakeHandler();
        handshakeHandler.setSupportedProtocols(ConsoleHandshake.SUBPROTOCOL);
        WebSocketHttpRequestHandler upgrade = new WebSocketHttpRequestHandler(handler, handshakeHandler);
        upgrade.setHandshakeInterceptors(List.of(handshake));
        WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
        mapping.setUrlMap(Map.of(PATH, upgrade));
        mapping.setWebSocketUpgradeMatch(true);
        mapping.setOrder(-1);
        return mapping;
    }

    /**
     * The WebSocket itself in the OpenAPI document, in words (OpenAPI has no notion of WebSockets); the protocol is
     * described on POST /containers/{id}/console.
     */
    @Bean
    OpenApiCustomizer consoleWebSocketDocument() {
        return openApi -> {
            ApiResponses responses = new ApiResponses()
                    .addApiResponse("101", new ApiResponse().description("Switching to the WebSocket protocol"));
            Content error = new Content()
                    .addMediaType(
                            "application/json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/ApiError")));
            for (String[] refusal : new String[][] {
                {"401", "No valid ticket or token"},
                {"404", "container not found"},
                {"409", "container not running"},
                {"429", "limit reached: consoles (3)"},
                {"503", "The container engine is unavailable"}
            }) {
                responses.addApiResponse(
                        refusal[0], new ApiResponse().description(refusal[1]).content(error));
            }
            Operation upgrade = new Operation()
                    .addTagsItem("observe")
                    .summary("The interactive console (WebSocket upgrade)")
                    .description("A WebSocket running a TTY exec in the container; see POST /containers/{id}/console "
                            + "for authentication (`?ticket=` or `Sec-WebSocket-Protocol: bearer, <token>`) and the "
                            + "messages. Only upgrade requests reach it.")
                    .operationId("console")
                    .addParametersItem(new PathParameter()
                            .name("id")
                            .description("Full 64-hex container id")
                            .schema(new StringSchema()))
                    .addParametersItem(new QueryParameter()
                            .name("ticket")
                            .description("A single-use ticket from POST /containers/{id}/console")
                            .schema(new StringSchema()))
                    .security(List.of())
                    .responses(responses);
            PathItem path = openApi.getPaths().get("/containers/{id}/console");
            if (path != null) {
                path.setGet(upgrade);
            }
        };
    }

    /** Room for a pasted block of text in one input message. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(64 * 1024);
        return container;
    }
}
