package com.containermanager.runtime.docker;

import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The one engine client (EngineHttp) for another adapter of the module (runtime.swarm): short JSON calls and the
 * engine's error words as the port's exceptions. The Swarm API is the same engine API, so a second client is not
 * needed; only this much of the package is public.
 */
public final class EngineApi {

    /** Answers within seconds unless the engine is in trouble. */
    public static final Duration QUICK = DockerContainerRuntime.QUICK_RESPONSE_TIMEOUT;

    private final EngineHttp http;
    /** For the log streams only: no event stream is asked of it, so it needs no labels. */
    private final EngineStreams streams;

    EngineApi(EngineHttp http) {
        this.http = http;
        this.streams = new EngineStreams(http, Map.of());
    }

    /** An engine at this address (unix:// or tcp://, TLS as for docker.host); StartupRefusal when unusable. */
    public static EngineApi of(String host, boolean tlsVerify, Path certPath) {
        return new EngineApi(new EngineHttp(EngineTransport.of(host, tlsVerify, certPath), EngineHttp.HEADERS_WITHIN));
    }

    /** One whole answer: its status and its body as JSON (a missing node for an empty or non-JSON body). */
    public record Answer(int status, JsonNode json, String text) {}

    /** One short call, the body (if any) written as JSON; errors are the caller's to read (see {@link #error}). */
    public Answer call(String method, String pathAndQuery, @Nullable Object body, Duration timeout) {
        byte[] json = body == null ? null : EngineQuery.JSON.writeValueAsBytes(body);
        EngineHttp.Answer answer = http.exchange(method, pathAndQuery, json, timeout);
        String text = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = text.isBlank() ? EngineQuery.JSON.missingNode() : EngineQuery.JSON.readTree(text);
        } catch (RuntimeException e) {
            node = EngineQuery.JSON.missingNode();
        }
        return new Answer(answer.status(), node, text);
    }

    /**
     * A log as lines, from a GET answered with the engine's log frames (a Swarm service's logs), TTY output when
     * {@code tty}; errors as the port's exceptions.
     */
    public LineStream logLines(String pathAndQuery, boolean tty, boolean timestamps) {
        return streams.lines(pathAndQuery, tty, timestamps);
    }

    /** The query (after the "?") of a logs call for this request: tail, streams, times, since and until. */
    public static String logQuery(LogRequest request) {
        return EngineStreams.logQuery(request);
    }

    /** An error answer as the port's exception (404: no such container, 5xx without words: unavailable). */
    public static EngineException error(Answer answer) {
        return EngineErrors.of(answer.status(), answer.text());
    }

    /** The engine's own words in an error answer. */
    public static String message(Answer answer) {
        return EngineErrors.messageOf(answer.text());
    }

    /** The IPv4 subnets (CIDR) of an engine's {@code /networks} list. */
    public static java.util.Set<String> ipv4Subnets(JsonNode networks) {
        return EngineCalls.ipv4Subnets(networks);
    }

    /** A {@code filters} query value. */
    public static String filters(Map<String, List<String>> filters) {
        return EngineQuery.filters(filters);
    }

    /** Labels as the engine's {@code label} filter takes them. */
    public static List<String> labelFilter(Map<String, String> labels) {
        return EngineQuery.labelFilter(labels);
    }
}
