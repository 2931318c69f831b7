package com.containermanager.console;

import com.containermanager.container.ContainerActivity;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.ExecAttachment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open console: a TTY exec attached to a WebSocket. A virtual thread copies the process's output to the socket;
 * the socket's messages are input and resizes. It ends once, whichever comes first: the process exits (an exit
 * message, then a normal close), the client closes or goes away (a send fails), it is idle too long, the engine's
 * stream breaks, or the server stops. Unless the process exited, it is killed, since the engine would keep it
 * running.
 */
final class ConsoleSession {

    static final CloseStatus IDLE = new CloseStatus(4000, "idle timeout");

    /** Why a console ended, in the audit's words. */
    static final String EXITED = "process exited";

    static final String CLIENT_CLOSED = "client closed";
    static final String CLIENT_GONE = "client gone";
    static final String CONNECTION_LOST = "connection lost";
    static final String ENGINE_LOST = "engine connection lost";
    static final String IDLE_REASON = "idle";
    static final String SERVER_STOPPING = "server stopping";

    private final WebSocketSession socket;
    private final ConsoleStart start;
    private final ContainerRuntime runtime;
    private final ExecProcessKiller processes;
    private final JsonMapper json;
    private final Clock clock;
    private final Consumer<ConsoleSessionEnded> ended;
    private final Instant opened;
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile Instant lastActivity;
    private final ContainerActivity activity;
    private volatile boolean exited;
    private @Nullable ExecAttachment attachment;

    ConsoleSession(
            WebSocketSession socket,
            ConsoleStart start,
            ContainerRuntime runtime,
            ExecProcessKiller processes,
            JsonMapper json,
            Clock clock,
            ContainerActivity activity,
            Consumer<ConsoleSessionEnded> ended) {
        this.activity = activity;
        this.socket = socket;
        this.start = start;
        this.runtime = runtime;
        this.processes = processes;
        this.json = json;
        this.clock = clock;
        this.ended = ended;
        this.opened = clock.instant();
        this.lastActivity = opened;
    }

    /** Starts the process and the copy of its output; throws EngineException if the engine will not start it. */
    void open() {
        ExecAttachment started = runtime.execStart(start.execId(), true);
        attachment = started;
        Thread.ofVirtual().name("console-" + start.execId().substring(0, 12)).start(() -> copyOutput(started));
    }

    private void copyOutput(ExecAttachment output) {
        Utf8Decoder text = new Utf8Decoder();
        try {
            while (output.read((stream, data, offset, length) -> {
                lastActivity = clock.instant();
                try {
                    send(Map.of("type", "output", "data", text.decode(data, offset, length)));
                } catch (IOException | RuntimeException e) {
                    throw new ClientGone(e);
                }
            })) {
                // until the process closes its terminal
            }
        } catch (ClientGone e) {
            // A send that fails (the client went away, or reads too slowly for the send limits) ends the session
            // for that reason; the process is still there and must be killed.
            close(CloseStatus.SESSION_NOT_RELIABLE, CLIENT_GONE);
            return;
        } catch (IOException | RuntimeException e) {
            if (!over.get()) {
                close(CloseStatus.SERVER_ERROR, ENGINE_LOST); // the engine's stream broke: the process may run on
            }
            return;
        }
        if (over.get()) {
            return; // we closed it: end() is already under way
        }
        exited = true;
        Long code = exitCode();
        try {
            send(code == null ? Map.of("type", "exit") : Map.of("type", "exit", "code", code));
        } catch (IOException | RuntimeException e) {
            // the client is gone already
        }
        end(EXITED, code); // before the close, which would otherwise end it as "client closed"
        try {
            socket.close(CloseStatus.NORMAL);
        } catch (IOException | RuntimeException e) {
            // the client is gone already
        }
    }

    /** A send to the client failed, as opposed to the process's output ending. */
    private static final class ClientGone extends IOException {
        ClientGone(Throwable cause) {
            super(cause);
        }
    }

    void onMessage(String payload) {
        lastActivity = clock.instant();
        JsonNode message;
        try {
            message = json.readTree(payload);
        } catch (RuntimeException e) {
            return; // not JSON: ignored, like an unknown type
        }
        ExecAttachment input = attachment;
        try {
            switch (message.path("type").asString("")) {
                case "input" -> {
                    if (input != null) {
                        activity.record(start.containerId());
                        input.write(message.path("data").asString("").getBytes(StandardCharsets.UTF_8));
                    }
                }
                case "resize" -> {
                    int cols = message.path("cols").asInt(0);
                    int rows = message.path("rows").asInt(0);
                    if (cols > 0 && rows > 0 && cols <= 10_000 && rows <= 10_000) {
                        runtime.execResize(start.execId(), cols, rows);
                    }
                }
                default -> {
                    // unknown types are ignored, so that clients may send more than this server knows
                }
            }
        } catch (IOException | EngineException e) {
            // the process is going away; its end arrives through the output copy
        }
    }

    boolean idleFor(Duration limit) {
        return Duration.between(lastActivity, clock.instant()).compareTo(limit) > 0;
    }

    /** Ends the session for this reason, then closes the socket with this status. */
    void close(CloseStatus status, String reason) {
        end(reason, null); // first: the close below would otherwise end it as "client closed"
        try {
            socket.close(status);
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    /**
     * Ends the session once: the connection to the process, the process itself unless it exited (killed, within
     * the killer's deadline), the slot. The audit hears why: the exit code when it exited, else the reason and that
     * the process was killed (its exit code would only be the kill's).
     */
    void end(String reason, @Nullable Long exitCode) {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        try {
            if (attachment != null) {
                attachment.close();
            }
            boolean killed = !exited;
            if (killed) {
                processes.kill(start.containerId(), start.tag());
            }
            ended.accept(new ConsoleSessionEnded(
                    start.userId(),
                    start.containerId(),
                    start.cmd(),
                    reason,
                    killed ? null : exitCode,
                    killed,
                    Duration.between(opened, clock.instant())));
        } finally {
            start.slot().close();
        }
    }

    private void send(Map<String, Object> message) throws IOException {
        socket.sendMessage(new TextMessage(json.writeValueAsString(message)));
    }

    private @Nullable Long exitCode() {
        try {
            return ExitCodes.await(runtime, start.execId());
        } catch (EngineException e) {
            return null; // unknown
        }
    }
}
