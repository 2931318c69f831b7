package com.containermanager.observe;

import java.util.List;
import java.util.Map;
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

    /** Room for a pasted block of text in one input message. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(64 * 1024);
        return container;
    }
}
