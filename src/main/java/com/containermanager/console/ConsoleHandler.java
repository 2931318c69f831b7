package com.containermanager.console;

import com.containermanager.runtime.EngineException;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** The console's WebSocket: opens the prepared process, passes messages on, and ends it when the socket closes. */
@Component
class ConsoleHandler extends TextWebSocketHandler {

    /** A client that reads this slowly is closed rather than buffered for. */
    private static final int SEND_TIME_LIMIT_MS = 10_000;

    private static final int SEND_BUFFER_LIMIT = 1024 * 1024;

    private final Consoles consoles;

    ConsoleHandler(Consoles consoles) {
        this.consoles = consoles;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        ConsoleStart start = (ConsoleStart) session.getAttributes().get(ConsoleStart.ATTRIBUTE);
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, SEND_BUFFER_LIMIT);
        try {
            consoles.open(safe, start);
        } catch (EngineException e) {
            start.slot().close();
            session.close(CloseStatus.SERVER_ERROR.withReason("the process could not start"));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        consoles.message(session, message.getPayload());
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        consoles.closed(session, "connection lost");
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        consoles.closed(session, "client closed");
    }
}
