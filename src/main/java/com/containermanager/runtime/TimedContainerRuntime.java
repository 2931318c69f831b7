package com.containermanager.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Times every engine call per operation and outcome (metric cm.engine.calls), in front of an adapter. */
class TimedContainerRuntime implements ContainerRuntime {

    private final ContainerRuntime engine;
    private final MeterRegistry registry;

    TimedContainerRuntime(ContainerRuntime engine, MeterRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "success";
        try {
            return call.get();
        } catch (EngineUnavailableException e) {
            outcome = "unavailable";
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            sample.stop(Timer.builder("cm.engine.calls")
                    .description("Calls to the Docker engine")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }

    private void timed(String operation, Runnable call) {
        timed(operation, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public String version() {
        return timed("version", engine::version);
    }

    /** Not timed: the adapter asks the engine once and answers from memory after that, on every lifecycle call. */
    @Override
    public String engineId() {
        return engine.engineId();
    }

    @Override
    public Set<String> managedContainerIds() {
        return timed("list", engine::managedContainerIds);
    }

    @Override
    public void pull(String image, PullProgressListener progress) {
        timed("pull", () -> engine.pull(image, progress));
    }

    @Override
    public String create(ContainerSpec spec) {
        return timed("create", () -> engine.create(spec));
    }

    @Override
    public Optional<String> ensureNetwork(UserNetwork network) {
        return timed("ensure_network", () -> engine.ensureNetwork(network));
    }

    @Override
    public Set<String> networkSubnets() {
        return timed("network_subnets", engine::networkSubnets);
    }

    @Override
    public int removeNetworks(long ownerId) {
        return timed("remove_networks", () -> engine.removeNetworks(ownerId));
    }

    @Override
    public void ensureVolume(VolumeSpec volume) {
        timed("ensure_volume", () -> engine.ensureVolume(volume));
    }

    @Override
    public long volumeUsedBytes(UUID volumeId) {
        return timed("volume_used_bytes", () -> engine.volumeUsedBytes(volumeId));
    }

    @Override
    public List<RuntimeNode> nodes() {
        return timed("nodes", engine::nodes);
    }

    @Override
    public boolean removeVolume(UUID volumeId) {
        return timed("remove_volume", () -> engine.removeVolume(volumeId));
    }

    @Override
    public String volumeLimit() {
        return engine.volumeLimit();
    }

    @Override
    public Optional<String> findByJob(UUID jobId) {
        return timed("find", () -> engine.findByJob(jobId));
    }

    @Override
    public void start(String containerId) {
        timed("start", () -> engine.start(containerId));
    }

    @Override
    public void stop(String containerId, @Nullable Integer timeoutSeconds) {
        timed("stop", () -> engine.stop(containerId, timeoutSeconds));
    }

    @Override
    public void remove(String containerId) {
        timed("remove", () -> engine.remove(containerId));
    }

    @Override
    public List<ContainerSummary> listByOwner(long ownerId) {
        return timed("list", () -> engine.listByOwner(ownerId));
    }

    @Override
    public List<ManagedContainer> listManaged() {
        return timed("list_managed", engine::listManaged);
    }

    @Override
    public Optional<ContainerDetails> inspect(String containerId) {
        return timed("inspect", () -> engine.inspect(containerId));
    }

    @Override
    public Optional<ContainerAddresses> addresses(String containerId) {
        return timed("addresses", () -> engine.addresses(containerId));
    }

    @Override
    public Optional<ContainerRoute> route(String containerId) {
        return timed("route", () -> engine.route(containerId));
    }

    @Override
    public void copyIn(String containerId, String directory, InputStream tar) {
        timed("copy_in", () -> engine.copyIn(containerId, directory, tar));
    }

    @Override
    public void restart(String containerId, @Nullable Integer timeoutSeconds) {
        timed("restart", () -> engine.restart(containerId, timeoutSeconds));
    }

    /** Streams are timed until they are open; how long they then last is the client's business. */
    @Override
    public LineStream logs(String containerId, LogRequest request) {
        return timed("logs", () -> engine.logs(containerId, request));
    }

    @Override
    public ContainerStats stats(String containerId) {
        return timed("stats", () -> engine.stats(containerId));
    }

    @Override
    public StatsStream statsStream(String containerId) {
        return timed("stats_stream", () -> engine.statsStream(containerId));
    }

    @Override
    public String execCreate(String containerId, ExecSpec spec) {
        return timed("exec_create", () -> engine.execCreate(containerId, spec));
    }

    @Override
    public ExecAttachment execStart(String execId, boolean tty) {
        return timed("exec_start", () -> engine.execStart(execId, tty));
    }

    @Override
    public ExecState execInspect(String execId) {
        return timed("exec_inspect", () -> engine.execInspect(execId));
    }

    @Override
    public void execResize(String execId, int cols, int rows) {
        timed("exec_resize", () -> engine.execResize(execId, cols, rows));
    }

    @Override
    public EngineEventStream events() {
        return timed("events", engine::events);
    }
}
