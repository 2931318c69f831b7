package com.containermanager.support;

import com.containermanager.runtime.ContainerAddresses;
import com.containermanager.runtime.ContainerDetails;
import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ContainerSpec;
import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.ContainerSummary;
import com.containermanager.runtime.EngineEventStream;
import com.containermanager.runtime.ExecAttachment;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.runtime.ExecState;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogRequest;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.StatsStream;
import com.containermanager.runtime.UserNetwork;
import com.containermanager.runtime.VolumeSpec;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Wraps the real runtime and counts the calls that reach the engine, per operation and container. */
public final class CountingContainerRuntime implements ContainerRuntime {

    private final ContainerRuntime engine;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile Supplier<RuntimeException> copyInFailure;
    private volatile Supplier<RuntimeException> execCreateFailure;

    public CountingContainerRuntime(ContainerRuntime engine) {
        this.engine = engine;
    }

    /** Calls of this operation ("start", "stop", "remove", "create", "list", ...) for this container, or for any ("*"). */
    public int calls(String operation, String containerId) {
        AtomicInteger count = calls.get(operation + "/" + containerId);
        return count == null ? 0 : count.get();
    }

    public int inFlight(String operation, String containerId) {
        AtomicInteger count = inFlight.get(operation + "/" + containerId);
        return count == null ? 0 : count.get();
    }

    private <T> T counted(String operation, String containerId, Supplier<T> call) {
        calls.computeIfAbsent(operation + "/" + containerId, k -> new AtomicInteger())
                .incrementAndGet();
        calls.computeIfAbsent(operation + "/*", k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger running = inFlight.computeIfAbsent(operation + "/" + containerId, k -> new AtomicInteger());
        running.incrementAndGet();
        try {
            return call.get();
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public String version() {
        return counted("version", "*", engine::version);
    }

    @Override
    public String engineId() {
        return engine.engineId();
    }

    @Override
    public Set<String> managedContainerIds() {
        return engine.managedContainerIds();
    }

    @Override
    public void pull(String image, PullProgressListener progress) {
        counted("pull", image, () -> {
            engine.pull(image, progress);
            return null;
        });
    }

    @Override
    public String create(ContainerSpec spec) {
        return counted("create", spec.name(), () -> engine.create(spec));
    }

    @Override
    public Optional<String> ensureNetwork(UserNetwork network) {
        return counted("ensure_network", Long.toString(network.ownerId()), () -> engine.ensureNetwork(network));
    }

    @Override
    public void ensureVolume(VolumeSpec volume) {
        counted("ensure_volume", volume.id().toString(), () -> {
            engine.ensureVolume(volume);
            return null;
        });
    }

    @Override
    public long volumeUsedBytes(UUID volumeId) {
        return engine.volumeUsedBytes(volumeId);
    }

    @Override
    public List<com.containermanager.runtime.RuntimeNode> nodes() {
        return engine.nodes();
    }

    @Override
    public boolean removeVolume(UUID volumeId) {
        return counted("remove_volume", volumeId.toString(), () -> engine.removeVolume(volumeId));
    }

    @Override
    public String volumeLimit() {
        return engine.volumeLimit();
    }

    @Override
    public Set<String> networkSubnets() {
        return counted("network_subnets", "", engine::networkSubnets);
    }

    @Override
    public int removeNetworks(long ownerId) {
        return counted("remove_networks", Long.toString(ownerId), () -> engine.removeNetworks(ownerId));
    }

    @Override
    public Optional<String> findByJob(UUID jobId) {
        return counted("find", jobId.toString(), () -> engine.findByJob(jobId));
    }

    @Override
    public void start(String containerId) {
        counted("start", containerId, () -> {
            engine.start(containerId);
            return null;
        });
    }

    @Override
    public void stop(String containerId, Integer timeoutSeconds) {
        counted("stop", containerId, () -> {
            engine.stop(containerId, timeoutSeconds);
            return null;
        });
    }

    @Override
    public void remove(String containerId) {
        counted("remove", containerId, () -> {
            engine.remove(containerId);
            return null;
        });
    }

    @Override
    public List<ContainerSummary> listByOwner(long ownerId) {
        return counted("list", Long.toString(ownerId), () -> engine.listByOwner(ownerId));
    }

    @Override
    public List<ManagedContainer> listManaged() {
        return counted("list_managed", "*", engine::listManaged);
    }

    @Override
    public Optional<ContainerDetails> inspect(String containerId) {
        return counted("inspect", containerId, () -> engine.inspect(containerId));
    }

    @Override
    public Optional<ContainerAddresses> addresses(String containerId) {
        return counted("addresses", containerId, () -> engine.addresses(containerId));
    }

    @Override
    public Optional<ContainerRoute> route(String containerId) {
        return counted("route", containerId, () -> engine.route(containerId));
    }

    @Override
    public void copyIn(String containerId, String directory, InputStream tar) {
        counted("copyIn", containerId, () -> {
            Supplier<RuntimeException> failure = copyInFailure;
            if (failure != null) {
                throw failure.get();
            }
            engine.copyIn(containerId, directory, tar);
            return null;
        });
    }

    /** Until cleared (null), every copy into a container fails with this, after its container was created. */
    public void failCopyIn(Supplier<RuntimeException> failure) {
        this.copyInFailure = failure;
    }

    @Override
    public void restart(String containerId, Integer timeoutSeconds) {
        counted("restart", containerId, () -> {
            engine.restart(containerId, timeoutSeconds);
            return null;
        });
    }

    @Override
    public LineStream logs(String containerId, LogRequest request) {
        return counted("logs", containerId, () -> engine.logs(containerId, request));
    }

    @Override
    public ContainerStats stats(String containerId) {
        return counted("stats", containerId, () -> engine.stats(containerId));
    }

    @Override
    public StatsStream statsStream(String containerId) {
        return counted("stats_stream", containerId, () -> engine.statsStream(containerId));
    }

    @Override
    public String execCreate(String containerId, ExecSpec spec) {
        return counted("exec_create", containerId, () -> {
            Supplier<RuntimeException> failure = execCreateFailure;
            if (failure != null) {
                throw failure.get();
            }
            return engine.execCreate(containerId, spec);
        });
    }

    /** Until cleared (null), every exec (and console) process fails to be created with this. */
    public void failExecCreate(Supplier<RuntimeException> failure) {
        this.execCreateFailure = failure;
    }

    @Override
    public ExecAttachment execStart(String execId, boolean tty) {
        return counted("exec_start", execId, () -> engine.execStart(execId, tty));
    }

    @Override
    public ExecState execInspect(String execId) {
        return counted("exec_inspect", execId, () -> engine.execInspect(execId));
    }

    @Override
    public void execResize(String execId, int cols, int rows) {
        counted("exec_resize", execId, () -> {
            engine.execResize(execId, cols, rows);
            return null;
        });
    }

    @Override
    public EngineEventStream events() {
        return counted("events", "*", engine::events);
    }
}
