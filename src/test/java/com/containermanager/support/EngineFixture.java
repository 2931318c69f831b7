package com.containermanager.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The engine as the tests see it, straight through docker-java rather than the service's port: what containers
 * carry a label, and what labels a container has. Independent of the code under test on purpose.
 */
public final class EngineFixture {

    private static final DockerClient DOCKER = connect();

    private EngineFixture() {}

    private static DockerClient connect() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public static DockerClient docker() {
        return DOCKER;
    }

    /** Ids of every container, running or not, that carries this label with this value. */
    public static List<String> containersLabelled(String key, String value) {
        return DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(key, value)).exec().stream()
                .map(container -> container.getId())
                .toList();
    }

    /** Ids of every container, running or not, that carries all of these labels. */
    public static List<String> containersLabelled(Map<String, String> labels) {
        return DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().stream()
                .map(container -> container.getId())
                .toList();
    }

    public static Map<String, String> labelsOf(String containerId) {
        return DOCKER.inspectContainerCmd(containerId).exec().getConfig().getLabels();
    }

    /**
     * What the engine itself reported about one container between two instants (its event stream, e.g. "start",
     * "kill", "die", "stop"), in order. Waits until {@code until} has passed, as the engine closes the stream then.
     */
    public static List<Event> events(String containerId, Instant since, Instant until) {
        List<Event> events = new CopyOnWriteArrayList<>();
        long sinceNanos = since.getEpochSecond() * 1_000_000_000L + since.getNano();
        try {
            DOCKER.eventsCmd()
                    .withContainerFilter(containerId)
                    .withSince(Long.toString(since.getEpochSecond()))
                    .withUntil(Long.toString(until.getEpochSecond() + 1))
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            // The engine filters by whole seconds; this keeps exactly the window asked for.
                            if (event.getTimeNano() == null || event.getTimeNano() >= sinceNanos) {
                                events.add(event);
                            }
                        }
                    })
                    .awaitCompletion(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return List.copyOf(events);
    }

    /** How many times the engine reported this action (e.g. "stop") for the container in that window. */
    public static long count(List<Event> events, String action) {
        return events.stream().filter(event -> action.equals(event.getAction())).count();
    }

    /**
     * Removes every container, then every network (which the engine keeps while a container is on it), that carries
     * this label with this value: what a test run leaves behind.
     */
    public static void removeLabelled(String key, String value) {
        containersLabelled(key, value).forEach(EngineFixture::remove);
        // By id: names may repeat on an engine (two racing creates of one name both succeed), ids never do.
        DOCKER.listNetworksCmd().withFilter("label", labelFilters(Map.of(key, value))).exec().stream()
                .map(network -> network.getId())
                .forEach(EngineFixture::removeNetwork);
        volumesLabelled(Map.of(key, value)).forEach(EngineFixture::removeVolume);
    }

    /** Names of every volume that carries all of these labels. */
    public static List<String> volumesLabelled(Map<String, String> labels) {
        var volumes = DOCKER.listVolumesCmd()
                .withFilter("label", labelFilters(labels))
                .exec()
                .getVolumes();
        return volumes == null
                ? List.of()
                : volumes.stream().map(volume -> volume.getName()).toList();
    }

    /**
     * Removes a volume, then detaches the loop device of its file system image and removes the image (the device
     * option names a link beside the image: {@code <dir>/<id>.dev} and {@code <dir>/<id>.ext4}); gone is fine.
     */
    public static void removeVolume(String name) {
        String device;
        try {
            var options = DOCKER.inspectVolumeCmd(name).exec().getOptions();
            device = options == null ? null : options.get("device");
            DOCKER.removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            return;
        }
        if (device == null || !device.endsWith(".dev")) {
            return;
        }
        Path link = Path.of(device);
        Path image = link.resolveSibling(link.getFileName().toString().replace(".dev", ".ext4"));
        try {
            if (Files.exists(image)) {
                Process detach = new ProcessBuilder(
                                "sh",
                                "-c",
                                "losetup -j \"$1\" | cut -d: -f1 | xargs -r -n1 losetup -d",
                                "sh",
                                image.toString())
                        .redirectErrorStream(true)
                        .start();
                detach.getInputStream().readAllBytes();
                detach.waitFor();
            }
            Files.deleteIfExists(link);
            Files.deleteIfExists(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Names of every network that carries all of these labels. */
    public static List<String> networksLabelled(Map<String, String> labels) {
        return DOCKER.listNetworksCmd().withFilter("label", labelFilters(labels)).exec().stream()
                .map(network -> network.getName())
                .toList();
    }

    private static List<String> labelFilters(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(label -> label.getKey() + "=" + label.getValue())
                .toList();
    }

    /** Removes a network by id or name; one already gone is fine. */
    public static void removeNetwork(String idOrName) {
        try {
            DOCKER.removeNetworkCmd(idOrName).exec();
        } catch (NotFoundException e) {
            // gone already
        }
    }

    /** Removes, forced; a container already gone is fine. */
    public static void remove(String containerId) {
        try {
            DOCKER.removeContainerCmd(containerId).withForce(true).exec();
        } catch (NotFoundException e) {
            // gone already
        }
    }
}
