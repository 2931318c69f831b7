package com.containermanager.runtime.docker;

import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.EngineNameConflictException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineNoSuchImageException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.ExecState;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.NetworkAttachment;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The short calls (version, info, create, start, stop, restart, remove, list, inspect, copying files in, and an
 * exec's create, inspect and resize) on {@link EngineHttp}: what each answer of the engine means, in the port's
 * exceptions.
 */
final class EngineCalls {

    private static final Duration PATIENT = DockerContainerRuntime.RESPONSE_TIMEOUT;
    private static final Duration QUICK = DockerContainerRuntime.QUICK_RESPONSE_TIMEOUT;

    private static final JsonMapper JSON = EngineQuery.JSON;
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}");
    /** The list call tells an exited container's code only in its status text: "Exited (137) 2 minutes ago". */
    private static final Pattern EXITED = Pattern.compile("^Exited \\((-?\\d+)\\)");

    private final EngineHttp http;

    EngineCalls(EngineHttp http) {
        this.http = http;
    }

    String version() {
        EngineHttp.Answer answer = http.exchange("GET", "/version", null, QUICK);
        if (answer.status() != 200) {
            throw refusedOrUnavailable(answer, "the engine refused the request: ");
        }
        return JSON.readTree(answer.body()).path("Version").asString("");
    }

    /** Docker's own ID of the engine (from /info). */
    String engineId() {
        EngineHttp.Answer answer = http.exchange("GET", "/info", null, QUICK);
        if (answer.status() != 200) {
            throw refusedOrUnavailable(answer, "the engine refused the request: ");
        }
        String id = JSON.readTree(answer.body()).path("ID").asString("");
        if (id.isBlank()) {
            throw new EngineRefusedException("the engine did not tell its ID", new IllegalStateException());
        }
        return id;
    }

    /** Extracts a tar stream into an existing directory of the container (sent chunked: its length is unknown). */
    void copyIn(String containerId, String directory, InputStream tar) {
        EngineHttp.Answer answer = http.exchange(
                new EngineHttp.Request(
                        "PUT",
                        "/containers/" + containerId + "/archive?path=" + EngineQuery.encode(directory),
                        Map.of("Content-Type", "application/x-tar"),
                        null,
                        tar,
                        false),
                PATIENT);
        if (answer.status() == 404) {
            throw new EngineNoSuchContainerException(containerId);
        }
        if (answer.status() >= 300) {
            throw refusedOrUnavailable(answer, "the engine refused the files: ");
        }
    }

    /** Creates the container; the body is the engine's ContainerConfig with its HostConfig. */
    String create(String name, Map<String, Object> config) {
        EngineHttp.Answer answer = http.exchange(
                "POST", "/containers/create?name=" + EngineQuery.encode(name), JSON.writeValueAsBytes(config), QUICK);
        return switch (answer.status()) {
            case 201 -> JSON.readTree(answer.body()).path("Id").asString();
            case 404 -> throw new EngineNoSuchImageException("image not found: " + config.get("Image"));
            case 409 -> throw new EngineNameConflictException(name);
            default -> throw refusedOrUnavailable(answer, "the engine refused the container: ");
        };
    }

    /**
     * Creates a network; answers true when it exists afterwards (made now, or there already under this name: the
     * engine checks the name, and a racing twin with the same subnet is refused for the overlap), false when another
     * network holds addresses that overlap the subnet.
     */
    boolean createNetwork(String name, Map<String, Object> config) {
        EngineHttp.Answer answer = http.exchange("POST", "/networks/create", JSON.writeValueAsBytes(config), QUICK);
        return switch (answer.status()) {
            case 201, 409 -> true;
            case 403 -> {
                if (networkExists(name)) {
                    yield true;
                }
                if (answer.message().toLowerCase(java.util.Locale.ROOT).contains("overlap")) {
                    yield false;
                }
                throw refusedOrUnavailable(answer, "the engine refused the network: ");
            }
            default -> throw refusedOrUnavailable(answer, "the engine refused the network: ");
        };
    }

    /**
     * Whether this host has an address on the network, so that it reaches the containers there: a bridge whose
     * host side is not left without an address ({@code inhibit_ipv4}). A network gone is reached by nobody.
     */
    boolean hostHasAddressOn(String networkId) {
        EngineHttp.Answer answer = http.exchange("GET", "/networks/" + EngineQuery.encode(networkId), null, QUICK);
        return switch (answer.status()) {
            case 200 -> {
                JsonNode network = JSON.readTree(answer.body());
                yield network.path("Driver").asString("").equals("bridge")
                        && !network.path("Options")
                                .path("com.docker.network.bridge.inhibit_ipv4")
                                .asString("false")
                                .equals("true");
            }
            case 404 -> false;
            default -> throw refusedOrUnavailable(answer, "the engine refused the request: ");
        };
    }

    boolean networkExists(String name) {
        EngineHttp.Answer answer = http.exchange("GET", "/networks/" + EngineQuery.encode(name), null, QUICK);
        return switch (answer.status()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw refusedOrUnavailable(answer, "the engine refused the request: ");
        };
    }

    /** Creates a volume of the local driver with these options; one of this name there already is fine. */
    void createVolume(String name, Map<String, String> options, Map<String, String> labels) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Name", name);
        config.put("Driver", "local");
        config.put("DriverOpts", options);
        config.put("Labels", labels);
        EngineHttp.Answer answer = http.exchange("POST", "/volumes/create", JSON.writeValueAsBytes(config), QUICK);
        if (answer.status() != 201 && answer.status() != 200) {
            throw refusedOrUnavailable(answer, "the engine refused the volume: ");
        }
    }

    /** The volume's mount point on the engine's host, if the engine knows the volume. */
    Optional<String> volumeMountpoint(String name) {
        EngineHttp.Answer answer = http.exchange("GET", "/volumes/" + EngineQuery.encode(name), null, QUICK);
        return switch (answer.status()) {
            case 200 ->
                Optional.of(JSON.readTree(answer.body()).path("Mountpoint").asString());
            case 404 -> Optional.empty();
            default -> throw refusedOrUnavailable(answer, "the engine refused the request: ");
        };
    }

    /**
     * The bytes each local volume's files take, by name, as the engine measures them ({@code GET /system/df}; an
     * engine of API 1.42 or later measures only volumes with {@code type=volume}, an older one everything). A
     * volume the engine did not measure (-1) is absent.
     */
    Map<String, Long> volumeSizes() {
        EngineHttp.Answer answer = http.exchange("GET", "/system/df?type=volume", null, QUICK);
        if (answer.status() != 200) {
            throw refusedOrUnavailable(answer, "the engine refused the request: ");
        }
        Map<String, Long> sizes = new HashMap<>();
        for (JsonNode volume : JSON.readTree(answer.body()).path("Volumes")) {
            long size = volume.path("UsageData").path("Size").asLong(-1);
            if (size >= 0) {
                sizes.put(volume.path("Name").asString(), size);
            }
        }
        return sizes;
    }

    /** False when a container (running or not) still uses it (the engine's 409); gone already is fine. */
    boolean removeVolume(String name) {
        EngineHttp.Answer answer = http.exchange("DELETE", "/volumes/" + EngineQuery.encode(name), null, QUICK);
        return switch (answer.status()) {
            case 204, 404 -> true;
            case 409 -> false;
            default -> throw refusedOrUnavailable(answer, "the engine could not remove the volume: ");
        };
    }

    /** The names of the networks that carry all these labels. */
    List<String> networks(Map<String, String> labels) {
        List<String> names = new ArrayList<>();
        labelled("/networks?filters=", labels)
                .forEach(network -> names.add(network.path("Name").asString()));
        return names;
    }

    /** The IPv4 subnets of every network on the engine (IPv6 ones left out: user networks are IPv4). */
    Set<String> networkSubnets() {
        EngineHttp.Answer answer = http.exchange("GET", "/networks", null, QUICK);
        if (answer.status() != 200) {
            throw refusedOrUnavailable(answer, "the engine refused the request: ");
        }
        return ipv4Subnets(JSON.readTree(answer.body()));
    }

    /** The IPv4 subnets of an engine's network list (its IPAM configurations). */
    static Set<String> ipv4Subnets(JsonNode networks) {
        Set<String> subnets = new LinkedHashSet<>();
        for (JsonNode network : networks) {
            for (JsonNode config : network.path("IPAM").path("Config")) {
                String subnet = config.path("Subnet").asString("");
                if (IPV4_CIDR.matcher(subnet).matches()) {
                    subnets.add(subnet);
                }
            }
        }
        return subnets;
    }

    /** The engine's list at this path (ending in "filters="), filtered by all these labels. */
    private JsonNode labelled(String path, Map<String, String> labels) {
        String filters = EngineQuery.filters(Map.of("label", EngineQuery.labelFilter(labels)));
        EngineHttp.Answer answer = http.exchange("GET", path + filters, null, QUICK);
        if (answer.status() != 200) {
            throw refusedOrUnavailable(answer, "the engine refused the request: ");
        }
        return JSON.readTree(answer.body());
    }

    /** The id (sha256:...) of a local image by its name, if the engine has it. */
    Optional<String> imageId(String image) {
        EngineHttp.Answer answer = http.exchange("GET", "/images/" + EngineQuery.encode(image) + "/json", null, QUICK);
        return switch (answer.status()) {
            case 200 -> Optional.of(JSON.readTree(answer.body()).path("Id").asString());
            case 404 -> Optional.empty();
            default -> throw refusedOrUnavailable(answer, "the engine refused the request: ");
        };
    }

    /** Attaches a container (running or not) to a network; attached already is fine. */
    void connectNetwork(String network, String containerId) {
        EngineHttp.Answer answer = http.exchange(
                "POST",
                "/networks/" + EngineQuery.encode(network) + "/connect",
                JSON.writeValueAsBytes(Map.of("Container", containerId)),
                QUICK);
        if (answer.status() == 200
                || (answer.status() == 403
                        && answer.message().toLowerCase(java.util.Locale.ROOT).contains("already exists"))) {
            return;
        }
        if (answer.status() == 404) {
            throw new EngineRefusedException("no such network or container: " + answer.message(), null);
        }
        throw refusedOrUnavailable(answer, "the engine could not attach the container to the network: ");
    }

    /** Gone already is fine; one that containers still use is refused (the engine's 403). */
    void removeNetwork(String name) {
        EngineHttp.Answer answer = http.exchange("DELETE", "/networks/" + EngineQuery.encode(name), null, QUICK);
        if (answer.status() >= 300 && answer.status() != 404) {
            throw refusedOrUnavailable(answer, "the engine could not remove the network: ");
        }
    }

    void start(String containerId) {
        // 304: already running, which is what the caller wanted
        expect(
                http.exchange("POST", "/containers/" + containerId + "/start", null, QUICK),
                containerId,
                "the engine could not start the container: ");
    }

    void stop(String containerId, @Nullable Integer timeoutSeconds) {
        // 304: already stopped
        expect(
                http.exchange("POST", "/containers/" + containerId + "/stop" + timeout(timeoutSeconds), null, PATIENT),
                containerId,
                "the engine could not stop the container: ");
    }

    void restart(String containerId, @Nullable Integer timeoutSeconds) {
        expect(
                http.exchange(
                        "POST", "/containers/" + containerId + "/restart" + timeout(timeoutSeconds), null, PATIENT),
                containerId,
                "the engine could not restart the container: ");
    }

    /** Anonymous volumes (the read-only mode's /files) go with the container; gone or going already is fine. */
    void remove(String containerId) {
        EngineHttp.Answer answer =
                http.exchange("DELETE", "/containers/" + containerId + "?force=true&v=true", null, QUICK);
        if (answer.status() >= 300 && answer.status() != 404 && answer.status() != 409) {
            throw refusedOrUnavailable(answer, "the engine could not remove the container: ");
        }
    }

    /** Every container, running or not, that carries all these labels. */
    List<JsonNode> list(Map<String, String> labels) {
        List<JsonNode> containers = new ArrayList<>();
        labelled("/containers/json?all=true&filters=", labels).forEach(containers::add);
        return containers;
    }

    Optional<JsonNode> inspect(String containerId) {
        EngineHttp.Answer answer = http.exchange("GET", "/containers/" + containerId + "/json", null, QUICK);
        return switch (answer.status()) {
            case 200 -> Optional.of(JSON.readTree(answer.body()));
            case 404 -> Optional.empty();
            default -> throw refusedOrUnavailable(answer, "the engine refused the request: ");
        };
    }

    /** A process in a running container: 409 is the engine's "container is not running". */
    String execCreate(String containerId, ExecSpec spec) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Cmd", spec.cmd());
        config.put("Env", spec.env());
        config.put("AttachStdout", true);
        config.put("AttachStderr", true);
        config.put("AttachStdin", spec.tty());
        config.put("Tty", spec.tty());
        if (spec.workdir() != null) {
            config.put("WorkingDir", spec.workdir());
        }
        EngineHttp.Answer answer =
                http.exchange("POST", "/containers/" + containerId + "/exec", JSON.writeValueAsBytes(config), QUICK);
        return switch (answer.status()) {
            case 201 -> JSON.readTree(answer.body()).path("Id").asString();
            case 404 -> throw new EngineNoSuchContainerException(containerId);
            case 409 -> throw new EngineContainerNotRunningException();
            default -> throw refusedOrUnavailable(answer, "the engine refused the process: ");
        };
    }

    ExecState execInspect(String execId) {
        EngineHttp.Answer answer = http.exchange("GET", "/exec/" + execId + "/json", null, QUICK);
        expect(answer, execId, "the engine refused the request: ");
        JsonNode inspected = JSON.readTree(answer.body());
        JsonNode exitCode = inspected.path("ExitCode");
        return new ExecState(
                inspected.path("Running").asBoolean(false), exitCode.isNumber() ? exitCode.asLong() : null);
    }

    /** A process that just ended cannot be resized: only a missing one is worth telling. */
    void execResize(String execId, int cols, int rows) {
        EngineHttp.Answer answer =
                http.exchange("POST", "/exec/" + execId + "/resize?h=" + rows + "&w=" + cols, null, QUICK);
        if (answer.status() == 404) {
            throw new EngineNoSuchContainerException(execId);
        }
    }

    static ContainerSummary toSummary(JsonNode container) {
        JsonNode names = container.path("Names");
        String name =
                names.isArray() && !names.isEmpty() ? names.get(0).asString().replaceFirst("^/", "") : null;
        return new ContainerSummary(
                container.path("Id").asString(), name, container.path("State").asString());
    }

    /** A container whose labels do not name an owner is not one we made: empty, and it is left alone. */
    static Optional<ManagedContainer> toManaged(JsonNode container) {
        JsonNode labels = container.path("Labels");
        try {
            long owner = Long.parseLong(labels.path(ContainerLabels.OWNER).asString(""));
            String job = labels.path(ContainerLabels.JOB).asString(null);
            Matcher exited = EXITED.matcher(container.path("Status").asString(""));
            return Optional.of(new ManagedContainer(
                    container.path("Id").asString(),
                    owner,
                    job == null ? null : UUID.fromString(job),
                    Instant.ofEpochSecond(container.path("Created").asLong(0)),
                    container.path("State").asString(null),
                    exited.find() ? Long.parseLong(exited.group(1)) : null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static ContainerDetails toDetails(JsonNode inspected) {
        JsonNode state = inspected.path("State");
        var details = new ContainerDetails.State(
                state.path("Status").asString(null),
                state.path("Running").asBoolean(false),
                state.path("Paused").asBoolean(false),
                state.path("Restarting").asBoolean(false),
                state.path("OOMKilled").asBoolean(false),
                state.path("Dead").asBoolean(false),
                state.has("Pid") ? state.path("Pid").asInt() : null,
                state.has("ExitCode") ? state.path("ExitCode").asLong() : null,
                state.path("Error").asString("").isEmpty()
                        ? null
                        : state.path("Error").asString(),
                state.path("StartedAt").asString(null),
                state.path("FinishedAt").asString(null));
        return new ContainerDetails(
                inspected.path("Name").asString("").replaceFirst("^/", ""), details.status(), details);
    }

    static boolean tty(JsonNode inspected) {
        return inspected.path("Config").path("Tty").asBoolean(false);
    }

    /** What a container gets from us, as the engine's ContainerConfig (absent Cmd: the image's own command). */
    static Map<String, Object> config(
            String image,
            List<String> cmd,
            List<String> env,
            Map<String, String> labels,
            Map<String, Object> host,
            @Nullable NetworkAttachment network) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", image);
        if (!cmd.isEmpty()) {
            config.put("Cmd", cmd);
        }
        config.put("Env", env);
        config.put("Labels", labels);
        if (network == null) {
            config.put("HostConfig", host);
        } else {
            // The user's network in place of containers.network, and the container's name there as an alias.
            Map<String, Object> joined = new LinkedHashMap<>(host);
            joined.put("NetworkMode", network.network());
            config.put("HostConfig", joined);
            List<String> aliases = network.alias() == null ? List.of() : List.of(network.alias());
            config.put(
                    "NetworkingConfig",
                    Map.of("EndpointsConfig", Map.of(network.network(), Map.of("Aliases", aliases))));
        }
        return config;
    }

    private static void expect(EngineHttp.Answer answer, String containerId, String refusal) {
        if (answer.status() == 404) {
            throw new EngineNoSuchContainerException(containerId);
        }
        if (answer.status() >= 400) {
            throw refusedOrUnavailable(answer, refusal);
        }
    }

    private static EngineException refusedOrUnavailable(EngineHttp.Answer answer, String refusal) {
        return EngineErrors.refusedOrUnavailable(answer.status(), answer.message(), refusal);
    }

    private static String timeout(@Nullable Integer seconds) {
        return seconds == null ? "" : "?t=" + seconds;
    }
}
