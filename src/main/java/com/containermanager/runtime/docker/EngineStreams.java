package com.containermanager.runtime.docker;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.EngineEvent;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.LogRequest;
import com.containermanager.runtime.OutputSink;
import com.containermanager.runtime.StatsStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The engine's long-lived streams (logs, stats, events, exec attach), read through {@link EngineHttp}. */
final class EngineStreams {

    /** A line longer than this is handed on in pieces; the engine itself splits log messages at 16 KiB. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private static final int MAX_JSON_LINE = 1024 * 1024;
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final JsonMapper JSON = EngineQuery.JSON;

    private final EngineHttp http;
    private final Map<String, String> instanceLabels;

    EngineStreams(EngineHttp http, Map<String, String> instanceLabels) {
        this.http = http;
        this.instanceLabels = instanceLabels;
    }

    LineStream logs(String containerId, boolean tty, LogRequest request) {
        return lines("/containers/" + containerId + "/logs?" + logQuery(request), tty, request.timestamps());
    }

    /** A log's lines from a GET whose answer is the engine's log frames (or raw TTY output). */
    LineStream lines(String pathAndQuery, boolean tty, boolean timestamps) {
        EngineResponse response = http.send("GET", pathAndQuery, null, false);
        return new DecodedLines(response, new FrameDecoder(response.body(), tty), timestamps);
    }

    /** The query of a logs call (a container's, or a Swarm service's): which lines, streams and times. */
    static String logQuery(LogRequest request) {
        StringBuilder query = new StringBuilder("tail=")
                .append(request.tail())
                .append("&stdout=")
                .append(request.stdout() ? 1 : 0)
                .append("&stderr=")
                .append(request.stderr() ? 1 : 0)
                .append("&timestamps=")
                .append(request.timestamps() ? 1 : 0)
                .append("&follow=")
                .append(request.follow() ? 1 : 0);
        if (request.since() != null) {
            query.append("&since=").append(EngineQuery.encode(request.since()));
        }
        if (request.until() != null) {
            query.append("&until=").append(EngineQuery.encode(request.until()));
        }
        return query.toString();
    }

    StatsStream stats(String containerId, boolean stream) {
        EngineResponse response =
                http.send("GET", "/containers/" + containerId + "/stats?stream=" + stream, null, false);
        return new StatsSamples(response);
    }

    ExecAttachment startExec(String execId, boolean tty) {
        byte[] body = ("{\"Detach\":false,\"Tty\":" + tty + "}").getBytes(StandardCharsets.UTF_8);
        EngineResponse response = http.send("POST", "/exec/" + execId + "/start", body, true);
        return new Attachment(response, new FrameDecoder(response.body(), tty));
    }

    /**
     * Container events of this installation's containers only (every one of its labels), as listManaged sees them:
     * another installation on the same engine may use the same owner ids for other people.
     */
    EngineEventStream events() {
        String filters = EngineQuery.filters(
                Map.of("type", List.of("container"), "label", EngineQuery.labelFilter(instanceLabels)));
        EngineResponse response = http.send("GET", "/events?filters=" + filters, null, false);
        return new Events(response);
    }

    /** One newline-terminated JSON document of a stream (stats, events), bounded; null at the end of the stream. */
    private static @Nullable JsonNode nextJson(InputStream input) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        while (true) {
            int c = input.read();
            if (c < 0) {
                return line.size() == 0 ? null : JSON.readTree(line.toByteArray());
            }
            if (c == '\n') {
                if (line.size() > 0) {
                    return JSON.readTree(line.toByteArray());
                }
                continue;
            }
            if (line.size() >= MAX_JSON_LINE) {
                throw new IOException("engine sent an oversized document");
            }
            line.write(c);
        }
    }

    private static final class DecodedLines implements LineStream {
        private final EngineResponse response;
        private final FrameDecoder decoder;
        private final ArrayDeque<LogLine> ready = new ArrayDeque<>();
        private final LineSplitter splitter;
        private boolean ended;

        DecodedLines(EngineResponse response, FrameDecoder decoder, boolean timestamps) {
            this.response = response;
            this.decoder = decoder;
            this.splitter = new LineSplitter(MAX_LINE_BYTES, timestamps, ready::add);
        }

        @Override
        public @Nullable LogLine next() {
            try {
                while (ready.isEmpty() && !ended) {
                    if (!decoder.read(splitter::accept)) {
                        splitter.flush();
                        ended = true;
                    }
                }
                return ready.poll();
            } catch (IOException e) {
                throw new EngineUnavailableException(e);
            }
        }

        @Override
        public boolean hasBuffered() {
            try {
                return !ready.isEmpty() || response.body().available() > 0;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            response.close();
        }
    }

    private static final class StatsSamples implements StatsStream {
        private final EngineResponse response;

        StatsSamples(EngineResponse response) {
            this.response = response;
        }

        @Override
        public @Nullable ContainerStats next() {
            try {
                JsonNode sample = nextJson(response.body());
                return sample == null ? null : toStats(sample);
            } catch (IOException e) {
                throw new EngineUnavailableException(e);
            }
        }

        @Override
        public void close() {
            response.close();
        }
    }

    /** The engine's sample in our terms, computed as the docker CLI computes what {@code docker stats} shows. */
    static ContainerStats toStats(JsonNode sample) {
        Instant read = parseTime(sample.path("read").asString(""));
        if (read == null || !read.isAfter(ZERO_TIME)) {
            return ContainerStats.none(Instant.now());
        }
        JsonNode cpu = sample.path("cpu_stats");
        JsonNode precpu = sample.path("precpu_stats");
        double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble(0)
                - precpu.path("cpu_usage").path("total_usage").asDouble(0);
        double systemDelta = cpu.path("system_cpu_usage").asDouble(0)
                - precpu.path("system_cpu_usage").asDouble(0);
        double cpus = cpu.path("online_cpus").asDouble(0);
        if (cpus == 0) {
            cpus = cpu.path("cpu_usage").path("percpu_usage").size();
        }
        double cpuPercent = systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100.0 : 0;

        JsonNode memory = sample.path("memory_stats");
        long usage = memory.path("usage").asLong(0);
        JsonNode memoryDetail = memory.path("stats");
        long cache = memoryDetail.has("total_inactive_file") // cgroup v1
                ? memoryDetail.path("total_inactive_file").asLong(0)
                : memoryDetail.path("inactive_file").asLong(0); // cgroup v2
        long memoryBytes = cache < usage ? usage - cache : usage;

        long rx = 0;
        long tx = 0;
        for (JsonNode network : sample.path("networks")) {
            rx += network.path("rx_bytes").asLong(0);
            tx += network.path("tx_bytes").asLong(0);
        }
        long blockRead = 0;
        long blockWrite = 0;
        for (JsonNode entry : sample.path("blkio_stats").path("io_service_bytes_recursive")) {
            String op = entry.path("op").asString("");
            if (op.equalsIgnoreCase("read")) {
                blockRead += entry.path("value").asLong(0);
            } else if (op.equalsIgnoreCase("write")) {
                blockWrite += entry.path("value").asLong(0);
            }
        }
        return new ContainerStats(
                true,
                Math.round(cpuPercent * 100) / 100.0,
                memoryBytes,
                memory.path("limit").asLong(0),
                rx,
                tx,
                blockRead,
                blockWrite,
                sample.path("pids_stats").path("current").asLong(0),
                read);
    }

    private static @Nullable Instant parseTime(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class Events implements EngineEventStream {
        private final EngineResponse response;

        Events(EngineResponse response) {
            this.response = response;
        }

        @Override
        public @Nullable EngineEvent next() {
            try {
                JsonNode event = nextJson(response.body());
                return event == null ? null : toEvent(event);
            } catch (IOException e) {
                throw new EngineUnavailableException(e);
            }
        }

        @Override
        public void close() {
            response.close();
        }
    }

    static EngineEvent toEvent(JsonNode event) {
        JsonNode attributes = event.path("Actor").path("Attributes");
        String owner = attributes.path(ContainerLabels.OWNER).asString("");
        String exitCode = attributes.path("exitCode").asString("");
        long nanos = event.path("timeNano").asLong(0);
        Instant time = nanos > 0
                ? Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L)
                : Instant.ofEpochSecond(event.path("time").asLong(0));
        String ours = attributes.path(ContainerLabels.ID).asString("");
        return new EngineEvent(
                ours.matches("[0-9a-f]{64}")
                        ? ours
                        : event.path("Actor")
                                .path("ID")
                                .asString(event.path("id").asString("")),
                event.path("Action").asString(event.path("status").asString("")),
                owner.matches("\\d{1,18}") ? Long.parseLong(owner) : null,
                exitCode.matches("-?\\d{1,10}") ? Long.parseLong(exitCode) : null,
                time);
    }

    private static final class Attachment implements ExecAttachment {
        private final EngineResponse response;
        private final FrameDecoder decoder;

        Attachment(EngineResponse response, FrameDecoder decoder) {
            this.response = response;
            this.decoder = decoder;
        }

        @Override
        public boolean read(OutputSink sink) throws IOException {
            return decoder.read(sink);
        }

        @Override
        public void write(byte[] input) throws IOException {
            response.output().write(input);
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
